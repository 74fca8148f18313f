package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.QueueSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.core.RecordTimestamp.Clock;
import io.weir.core.QueueSnapshot.QueueKind;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagEstimatorTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** End offsets recorded every 10 s from T0. */
    private static List<OffsetPoint> ends(long... offsets) {
        List<OffsetPoint> points = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            points.add(new OffsetPoint(T0.plusSeconds(10L * i), offsets[i]));
        }
        return points;
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void commitAtTheLatestEndOffsetHasNoLag() {
        assertThat(LagEstimator.ofPartition(ends(100, 200, 300), 300L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void commitAboveTheLatestEndOffsetHasNoLagEvenWithOnePoint() {
        assertThat(LagEstimator.ofPartition(ends(100), 120L, at(0)))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void commitOnARecordedPointIsAsOldAsThatPoint() {
        assertThat(LagEstimator.ofPartition(ends(100, 200, 300), 200L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(10), Quality.INTERPOLATED));
    }

    @Test
    void commitBetweenTwoPointsIsInterpolated() {
        // end offset was 150 halfway between 10:00:00 (100) and 10:00:10 (200)
        assertThat(LagEstimator.ofPartition(ends(100, 200, 300), 150L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(15), Quality.INTERPOLATED));
    }

    @Test
    void flatStretchesUseTheLastTimeTheEndOffsetWasAtTheCommit() {
        assertThat(LagEstimator.ofPartition(ends(100, 100, 100, 200), 100L, at(60)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(40), Quality.INTERPOLATED));
    }

    @Test
    void commitOlderThanTheHistoryIsExtrapolatedFromTheOldestRate() {
        // 10 messages/s between the oldest two points: 50 was the end offset 5 s before T0
        assertThat(LagEstimator.ofPartition(ends(100, 200, 1000), 50L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(25), Quality.EXTRAPOLATED));
    }

    @Test
    void extrapolationSkipsAFlatStartToFindARate() {
        // 5 messages/s from the oldest point to the first that moved: 50 was 10 s before T0
        assertThat(LagEstimator.ofPartition(ends(100, 100, 200), 50L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(30), Quality.EXTRAPOLATED));
    }

    @Test
    void aSinglePointGivesALowerBound() {
        assertThat(LagEstimator.ofPartition(ends(100), 50L, at(30)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(30), Quality.LOWER_BOUND));
    }

    @Test
    void endOffsetsThatNeverMovedGiveALowerBound() {
        assertThat(LagEstimator.ofPartition(ends(100, 100, 100), 50L, at(20)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(20), Quality.LOWER_BOUND));
    }

    @Test
    void noPointsGiveNoNumber() {
        assertThat(LagEstimator.ofPartition(List.of(), 50L, at(0))).isEqualTo(LagEstimate.unknown(Quality.LOWER_BOUND));
    }

    @Test
    void noCommitGivesNoNumber() {
        assertThat(LagEstimator.ofPartition(ends(100, 200), null, at(10))).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    @Test
    void aTinyRateSaturatesInsteadOfOverflowing() {
        List<OffsetPoint> ends = List.of(new OffsetPoint(T0, Long.MAX_VALUE - 1),
                new OffsetPoint(T0.plusSeconds(900), Long.MAX_VALUE));

        assertThat(LagEstimator.ofPartition(ends, 0L, at(900)).lag()).hasValueSatisfying(lag -> assertThat(lag).isPositive());
    }

    @Test
    void maxTakesTheLargestLagAsThatLagWasTold() {
        LagEstimate max = LagEstimator.max(List.of(
                LagEstimate.of(Duration.ofSeconds(40), Quality.FROM_TIMESTAMP),
                LagEstimate.of(Duration.ofSeconds(10), Quality.EXTRAPOLATED),
                LagEstimate.unknown(Quality.NO_OFFSET)));

        assertThat(max).isEqualTo(LagEstimate.of(Duration.ofSeconds(40), Quality.FROM_TIMESTAMP));
        assertThat(max.method()).isEqualTo(LagEstimate.Method.EXACT);
    }

    @Test
    void maxWithoutNumbersSaysWhy() {
        assertThat(LagEstimator.max(List.of(LagEstimate.unknown(Quality.NO_OFFSET))))
                .isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
        assertThat(LagEstimator.max(List.of(LagEstimate.unknown(Quality.NO_OFFSET), LagEstimate.unknown(Quality.LOWER_BOUND))))
                .isEqualTo(LagEstimate.unknown(Quality.LOWER_BOUND));
        assertThat(LagEstimator.max(List.of())).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    @Test
    void lagFromATimestampIsNowMinusTheTimestamp() {
        LagEstimate lag = LagEstimator.fromTimestamp(new RecordTimestamp(at(-3600), Clock.PRODUCER), at(0));
        assertThat(lag).isEqualTo(LagEstimate.of(Duration.ofHours(1), Quality.FROM_TIMESTAMP));
    }

    @Test
    void timestampAheadOfNowIsClampedAtZeroAndSaysSo() {
        assertThat(LagEstimator.fromTimestamp(new RecordTimestamp(at(90), Clock.PRODUCER), at(0)))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.TIMESTAMP_AHEAD));
    }

    @Test
    void lowerBoundRaisesAnEstimateThatTheWindowCutShort() {
        LagEstimate windowOnly = LagEstimator.ofPartition(ends(500, 500), 100L, at(300));
        assertThat(LagEstimator.atLeast(windowOnly, at(-3000), at(300)))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(3300), Quality.LOWER_BOUND));
    }

    @Test
    void lowerBoundKeepsALargerEstimate() {
        LagEstimate interpolated = LagEstimator.ofPartition(ends(100, 200, 300), 150L, at(20));
        assertThat(LagEstimator.atLeast(interpolated, at(10), at(20))).isEqualTo(interpolated);
    }

    @Test
    void queueLagIsTheAgeOfItsOldestMessageWhenTheBrokerGivesItsTimestamp() {
        assertThat(LagEstimator.ofQueue(queue(500, 20, new RecordTimestamp(at(-120), Clock.PRODUCER)), at(0)))
                .isEqualTo(LagEstimate.of(Duration.ofMinutes(2), Quality.FROM_TIMESTAMP));
    }

    @Test
    void emptyQueueHasNoLag() {
        assertThat(LagEstimator.ofQueue(queue(0, 3, null), at(0)))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void queueWithoutATimestampHasAnUnknownAge() {
        LagEstimate lag = LagEstimator.ofQueue(queue(500, 0, null), at(0));
        assertThat(lag).isEqualTo(LagEstimate.unknown(Quality.NO_TIMESTAMP));
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.UNKNOWN);
    }

    private static QueueSnapshot queue(long ready, long unacked, RecordTimestamp oldest) {
        return new QueueSnapshot("jobs", "/", QueueKind.QUEUE, false, List.of(), ready + unacked, ready, unacked, -1,
                null, 25.0, 1, -1, oldest);
    }
}
