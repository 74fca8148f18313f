package io.weir.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineChartTest {

    private static final Instant FROM = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant TO = FROM.plusSeconds(600);
    private static final Pattern TICK = Pattern.compile("text-anchor='end' fill='#5c6570'>([^<]*)</text>");

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LineChart.niceStep(0.7)).isEqualTo(1.0);
        assertThat(LineChart.niceStep(0.3)).isEqualTo(0.5);
        assertThat(LineChart.niceStep(13)).isEqualTo(20.0);
        assertThat(LineChart.niceStep(2100)).isEqualTo(5000.0);
        assertThat(LineChart.niceStep(2000)).isEqualTo(2000.0);
    }

    @Test
    void countTicksAreWholeNumbersAtRoundSteps() {
        assertThat(ticks(10, LineChart.Axis.counts(v -> (long) v + " msgs")))
                .containsExactly("0 msgs", "2 msgs", "4 msgs", "6 msgs", "8 msgs", "10 msgs");
        assertThat(ticks(3, LineChart.Axis.counts(v -> Double.toString(v)))).containsExactly("0.0", "1.0", "2.0", "3.0");
        assertThat(ticks(1, LineChart.Axis.counts(v -> Double.toString(v)))).containsExactly("0.0", "1.0");
        assertThat(ticks(4200, LineChart.Axis.counts(v -> HumanFormat.count(Math.round(v)))))
                .containsExactly("0", "1.0k", "2.0k", "3.0k", "4.0k", "5.0k");
    }

    @Test
    void decimalTicksMayBeFractions() {
        assertThat(ticks(0.9, LineChart.Axis.decimals(HumanFormat::rate)))
                .containsExactly("0/s", "0.2/s", "0.4/s", "0.6/s", "0.8/s", "1/s");
    }

    @Test
    void durationTicksAreWholeSecondsMinutesOrHours() {
        LineChart.Axis seconds = LineChart.Axis.seconds(v -> HumanFormat.duration(Duration.ofMillis(Math.round(v * 1000))));
        assertThat(ticks(590, seconds)).containsExactly("0 ms", "2 min", "4 min", "6 min", "8 min", "10 min");
        assertThat(ticks(70, seconds)).containsExactly("0 ms", "1 min", "2 min");
        assertThat(ticks(40, seconds)).containsExactly("0 ms", "10 s", "20 s", "30 s", "40 s");
        assertThat(ticks(4 * 3600 + 60, seconds)).containsExactly("0 ms", "1 h", "2 h", "3 h", "4 h", "5 h");
        assertThat(ticks(9 * 3600, seconds)).containsExactly("0 ms", "2 h", "4 h", "6 h", "8 h", "10 h");
    }

    @Test
    void allZeroSeriesStillHasAReadableAxis() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("rate", List.of(new LineChart.Point(FROM.toEpochMilli(), 0)))),
                LineChart.Axis.decimals(v -> v + "/s"));
        assertThat(svg).contains(">1.0/s<").contains(">0.2/s<").contains(">0.0/s<");
    }

    @Test
    void pointsArePlacedByTimeAndValueAndMarkedWhenFew() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("backlog",
                List.of(new LineChart.Point(FROM.toEpochMilli(), 0), new LineChart.Point(TO.toEpochMilli(), 100)))),
                LineChart.Axis.counts(v -> (long) v + " msgs"));
        assertThat(svg).contains("points='70.0,192.0 708.0,12.0 '").contains("<circle").contains("100 msgs").contains("backlog");
    }

    @Test
    void timeTicksFallOnRoundTimesOfTheRange() {
        long from = Instant.parse("2026-12-02T14:51:17Z").toEpochMilli();
        long minute = 60_000;
        assertThat(LineChart.timeTicks(from, from + 15 * minute)).extracting(t -> Instant.ofEpochMilli(t).toString())
                .containsExactly("2026-12-02T14:55:00Z", "2026-12-02T15:00:00Z", "2026-12-02T15:05:00Z");
        List<Long> hourly = LineChart.timeTicks(from, from + 6 * 60 * minute);
        assertThat(hourly).hasSizeBetween(3, 6);
        for (int i = 1; i < hourly.size(); i++) {
            assertThat(hourly.get(i) - hourly.get(i - 1)).isEqualTo(60 * minute);
        }
        assertThat(LineChart.timeTicks(from, from + 7 * 24 * 60 * minute)).hasSizeBetween(3, 7);
    }

    @Test
    void labelsAreEscaped() {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("<script>", List.of())), LineChart.Axis.counts(v -> "x"));
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    /** The value axis' labels, bottom up, of a chart whose largest value is {@code max}. */
    private static List<String> ticks(double max, LineChart.Axis axis) {
        String svg = LineChart.svg(FROM, TO, List.of(new LineChart.Line("l",
                List.of(new LineChart.Point(FROM.toEpochMilli(), 0), new LineChart.Point(TO.toEpochMilli(), max)))), axis);
        List<String> ticks = new ArrayList<>();
        Matcher matcher = TICK.matcher(svg);
        while (matcher.find()) {
            ticks.add(matcher.group(1));
        }
        return ticks;
    }
}
