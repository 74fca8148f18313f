package io.weir.monitor.lag;

import io.weir.core.QueueSnapshot;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Lag in time, estimated the way Burrow and kafka-lag-exporter do: a commit C is as old as the
 * moment the partition's end offset was C, found by linear interpolation between the two recorded
 * end offsets around C. Pure functions.
 */
final class LagEstimator {

    private LagEstimator() {
    }

    /**
     * The lag of a committed offset at {@code now}, given the partition's recorded end offsets
     * (oldest first).
     */
    static LagEstimate ofPartition(List<OffsetPoint> ends, Long committed, Instant now) {
        if (committed == null) {
            return LagEstimate.unknown(Quality.NO_OFFSET);
        }
        if (ends.isEmpty()) {
            return LagEstimate.unknown(Quality.TOO_FEW_POINTS);
        }
        if (committed >= ends.get(ends.size() - 1).offset()) {
            return LagEstimate.of(Duration.ZERO, Quality.EXACT_OR_INTERPOLATED);
        }
        // Newest crossing first: if the log was truncated or recreated, the recent past counts.
        for (int i = ends.size() - 2; i >= 0; i--) {
            OffsetPoint before = ends.get(i);
            OffsetPoint after = ends.get(i + 1);
            if (before.offset() <= committed && committed < after.offset()) {
                return LagEstimate.of(since(before, after, committed, now), Quality.EXACT_OR_INTERPOLATED);
            }
        }
        // Every recorded end offset is above the commit: the message at C is older than the history.
        OffsetPoint oldest = ends.get(0);
        return ends.stream()
                .filter(point -> point.offset() > oldest.offset())
                .findFirst()
                .map(next -> LagEstimate.of(since(oldest, next, committed, now), Quality.EXTRAPOLATED))
                .orElseGet(() -> LagEstimate.of(clamped(Duration.between(oldest.at(), now).toMillis()), Quality.TOO_FEW_POINTS));
    }

    /**
     * The worst lag of several partitions (a group in a topic), or of several topics. Its quality
     * is the least trustworthy among those that carry a number, since any of them may be the
     * largest; without numbers, {@code TOO_FEW_POINTS} if any partition had too few points,
     * otherwise {@code NO_OFFSET}.
     */
    static LagEstimate max(List<LagEstimate> estimates) {
        List<LagEstimate> known = estimates.stream().filter(estimate -> estimate.lag().isPresent()).toList();
        if (known.isEmpty()) {
            boolean tooFew = estimates.stream().anyMatch(estimate -> estimate.quality() == Quality.TOO_FEW_POINTS);
            return LagEstimate.unknown(tooFew ? Quality.TOO_FEW_POINTS : Quality.NO_OFFSET);
        }
        Duration largest = known.stream().map(estimate -> estimate.lag().orElseThrow())
                .max(Comparator.naturalOrder()).orElseThrow();
        Quality weakest = known.stream().map(LagEstimate::quality).max(Comparator.naturalOrder()).orElseThrow();
        return LagEstimate.of(largest, weakest);
    }

    /**
     * A queue's lag: its ready messages (all messages when the broker does not split them) over
     * the broker's deliver rate. A queue has no offsets, so this is the time to work off what
     * waits at the current pace, not the age of the oldest message.
     */
    static LagEstimate ofQueue(QueueSnapshot queue) {
        long backlog = queue.messagesReady() >= 0 ? queue.messagesReady() : queue.messages();
        if (backlog <= 0) {
            return LagEstimate.of(Duration.ZERO, Quality.EXACT_OR_INTERPOLATED);
        }
        Double rate = queue.deliverRate();
        if (rate == null || rate <= 0) {
            return LagEstimate.unknown(Quality.NO_RATE);
        }
        return LagEstimate.of(clamped(backlog / rate * 1000), Quality.FROM_DELIVER_RATE);
    }

    /** Time since the end offset was {@code offset}, on the line through two points. */
    private static Duration since(OffsetPoint a, OffsetPoint b, long offset, Instant now) {
        double fraction = (double) (offset - a.offset()) / (b.offset() - a.offset());
        double millisAtOffset = a.at().toEpochMilli() + fraction * (b.at().toEpochMilli() - a.at().toEpochMilli());
        return clamped(now.toEpochMilli() - millisAtOffset);
    }

    /** Never negative, and saturating rather than overflowing when a rate is tiny. */
    private static Duration clamped(double millis) {
        return Duration.ofMillis((long) Math.max(0, millis));
    }
}
