package io.weir.alerting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.alerting.promql.ValueUnit;
import org.junit.jupiter.api.Test;

/** An alert's value as the Alerts page shows it: in the unit of the metric its rule watches. */
class AlertValueTextTest {

    @Test
    void lagInSecondsReadsAsADurationToTheSecond() {
        assertThat(AlertsView.value(590.179, ValueUnit.SECONDS)).isEqualTo("9 min 50 s");
    }

    @Test
    void messagesBytesAndRatesCarryTheirUnit() {
        assertThat(AlertsView.value(7, ValueUnit.MESSAGES)).isEqualTo("7 msgs");
        assertThat(AlertsView.value(12_345, ValueUnit.MESSAGES)).isEqualTo("12.3k msgs");
        assertThat(AlertsView.value(100 << 20, ValueUnit.BYTES)).isEqualTo("100 MiB");
        assertThat(AlertsView.value(2.5, ValueUnit.MESSAGES_PER_SECOND)).isEqualTo("2.5/s");
    }

    @Test
    void plainNumbersStayNumbers() {
        assertThat(AlertsView.value(2, ValueUnit.NONE)).isEqualTo("2");
        assertThat(AlertsView.value(0.125, ValueUnit.NONE)).isEqualTo("0.125");
        assertThat(AlertsView.value(Double.NaN, ValueUnit.SECONDS)).isEqualTo("NaN");
    }
}
