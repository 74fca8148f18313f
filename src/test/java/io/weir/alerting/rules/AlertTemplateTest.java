package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Annotation templates expand as Prometheus' Go templates do for the same labels and value. */
class AlertTemplateTest {

    @Test
    void labelsAndValueAreExpanded() {
        assertThat(AlertTemplate.expand("{{ $labels.queue }} on {{$labels.source}} holds {{ $value }} ({{ .Labels.queue }}, {{ .Value }})",
                Map.of("queue", "orders", "source", "prod"), 1234))
                .isEqualTo("orders on prod holds 1234 (orders, 1234)");
    }

    @Test
    void missingLabelExpandsToNothing() {
        assertThat(AlertTemplate.expand("[{{ $labels.vhost }}]", Map.of(), 1)).isEqualTo("[]");
    }

    @Test
    void valuesPrintAsGoPrintsFloats() {
        assertThat(AlertTemplate.goFloat(12, 0)).isEqualTo("12");
        assertThat(AlertTemplate.goFloat(0.5, 0)).isEqualTo("0.5");
        assertThat(AlertTemplate.goFloat(123456, 0)).isEqualTo("123456");
        assertThat(AlertTemplate.goFloat(1e6, 0)).isEqualTo("1e+06");
        assertThat(AlertTemplate.goFloat(1234567, 0)).isEqualTo("1.234567e+06");
        assertThat(AlertTemplate.goFloat(0.00001, 0)).isEqualTo("1e-05");
        assertThat(AlertTemplate.goFloat(-2.5, 0)).isEqualTo("-2.5");
        assertThat(AlertTemplate.goFloat(Double.NaN, 0)).isEqualTo("NaN");
        assertThat(AlertTemplate.goFloat(Double.POSITIVE_INFINITY, 0)).isEqualTo("+Inf");
    }

    @Test
    void humanizeUsesSiPrefixesWithFourDigits() {
        assertThat(AlertTemplate.humanize(1234.5)).isEqualTo("1.234k");
        assertThat(AlertTemplate.humanize(12)).isEqualTo("12");
        assertThat(AlertTemplate.humanize(2_500_000)).isEqualTo("2.5M");
        assertThat(AlertTemplate.humanize(0.25)).isEqualTo("250m");
        assertThat(AlertTemplate.humanize(0)).isEqualTo("0");
    }

    @Test
    void humanizeDurationReadsAsDaysHoursMinutesSeconds() {
        assertThat(AlertTemplate.humanizeDuration(90061)).isEqualTo("1d 1h 1m 1s");
        assertThat(AlertTemplate.humanizeDuration(3725)).isEqualTo("1h 2m 5s");
        assertThat(AlertTemplate.humanizeDuration(125)).isEqualTo("2m 5s");
        assertThat(AlertTemplate.humanizeDuration(4.5)).isEqualTo("4.5s");
        assertThat(AlertTemplate.humanizeDuration(0.25)).isEqualTo("250ms");
        assertThat(AlertTemplate.expand("{{ $value | humanizeDuration }} behind", Map.of(), 125)).isEqualTo("2m 5s behind");
        assertThat(AlertTemplate.expand("{{ $value | humanizePercentage }}", Map.of(), 0.256)).isEqualTo("25.6%");
    }

    @Test
    void otherTemplateConstructsAreRefused() {
        assertThatThrownBy(() -> AlertTemplate.check("{{ if gt $value 1.0 }}big{{ end }}"))
                .hasMessageContaining("{{ if gt $value 1.0 }} is not supported");
        assertThatThrownBy(() -> AlertTemplate.check("{{ $labels.queue")).hasMessageContaining("unclosed");
        AlertTemplate.check("plain text and {{ $value | humanize }}");
    }
}
