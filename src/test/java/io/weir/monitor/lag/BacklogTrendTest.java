package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BacklogTrendTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** Backlog recorded every 10 s from T0. */
    private static List<OffsetPoint> backlog(long... values) {
        List<OffsetPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new OffsetPoint(T0.plusSeconds(10L * i), values[i]));
        }
        return points;
    }

    @Test
    void shrinkingBacklogDrainsAtItsRate() {
        BacklogTrend trend = BacklogTrend.fit(backlog(1000, 900, 800), OptionalLong.empty()).orElseThrow();

        assertThat(trend.messagesPerSecond()).isCloseTo(-10, within(1e-9));
        assertThat(trend.drainsIn()).contains(Duration.ofSeconds(80));
        assertThat(trend.reachesLimitIn()).isEmpty();
    }

    @Test
    void growingBacklogReachesTheLimitAtItsRate() {
        BacklogTrend trend = BacklogTrend.fit(backlog(100, 200, 300), OptionalLong.of(1300)).orElseThrow();

        assertThat(trend.messagesPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(trend.reachesLimitIn()).contains(Duration.ofSeconds(100));
        assertThat(trend.drainsIn()).isEmpty();
    }

    @Test
    void growingBacklogWithoutLimitHasNoDeadline() {
        BacklogTrend trend = BacklogTrend.fit(backlog(100, 200, 300), OptionalLong.empty()).orElseThrow();

        assertThat(trend.drainsIn()).isEmpty();
        assertThat(trend.reachesLimitIn()).isEmpty();
    }

    @Test
    void flatBacklogNeitherDrainsNorReachesTheLimit() {
        BacklogTrend trend = BacklogTrend.fit(backlog(500, 500, 500), OptionalLong.of(1000)).orElseThrow();

        assertThat(trend.messagesPerSecond()).isZero();
        assertThat(trend.drainsIn()).isEmpty();
        assertThat(trend.reachesLimitIn()).isEmpty();
    }

    @Test
    void slopeIsLeastSquaresSoOneOddPollDoesNotSwingIt() {
        // newest minus oldest would say 0/s; the fit sees the climb in between
        BacklogTrend trend = BacklogTrend.fit(backlog(0, 100, 200, 300, 0), OptionalLong.empty()).orElseThrow();

        assertThat(trend.messagesPerSecond()).isCloseTo(2, within(1e-9));
    }

    @Test
    void emptyBacklogHasDrained() {
        BacklogTrend trend = BacklogTrend.fit(backlog(50, 0), OptionalLong.empty()).orElseThrow();

        assertThat(trend.drainsIn()).contains(Duration.ZERO);
    }

    @Test
    void backlogAtOrOverTheLimitHasReachedIt() {
        BacklogTrend trend = BacklogTrend.fit(backlog(1200, 1100), OptionalLong.of(1000)).orElseThrow();

        assertThat(trend.reachesLimitIn()).contains(Duration.ZERO);
    }

    @Test
    void onePointHasNoTrend() {
        assertThat(BacklogTrend.fit(backlog(100), OptionalLong.of(1000))).isEmpty();
        assertThat(BacklogTrend.fit(List.of(), OptionalLong.empty())).isEmpty();
    }
}
