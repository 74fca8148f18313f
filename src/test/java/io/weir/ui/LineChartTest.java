package io.weir.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.monitor.history.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    private static final Instant FROM = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant TO = FROM.plusSeconds(600);

    @Test
    void valueAxisEndsAtARoundNumberAboveTheLargestValue() {
        assertThat(LineChart.niceCeiling(0.7)).isEqualTo(1.0);
        assertThat(LineChart.niceCeiling(13)).isEqualTo(20.0);
        assertThat(LineChart.niceCeiling(2100)).isEqualTo(2500.0);
        assertThat(LineChart.niceCeiling(4999)).isEqualTo(5000.0);
    }

    @Test
    void pointsArePlacedByTimeAndValueAndMarkedWhenFew() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("backlog",
                List.of(new Sample(FROM.toEpochMilli(), 0), new Sample(TO.toEpochMilli(), 100)))), v -> (long) v + " msgs");
        assertThat(svg).contains("points='70.0,192.0 708.0,12.0 '").contains("<circle").contains("100 msgs").contains("backlog");
    }

    @Test
    void allZeroSeriesStillHasAReadableAxis() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("rate", List.of(new Sample(FROM.toEpochMilli(), 0)))),
                v -> v + "/s");
        assertThat(svg).contains(">1.0/s<").contains(">0.5/s<");
    }

    @Test
    void labelsAreEscaped() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("<script>", List.of())), v -> "x");
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;");
    }
}
