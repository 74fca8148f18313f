package io.weir.monitor.lag;

import io.weir.core.QueueSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Lag in time. Exactly, where the broker keeps a timestamp with the first message left to read:
 * now minus that timestamp. Otherwise estimated the way Burrow and kafka-lag-exporter do: a
 * commit C is as old as the moment the partition's end offset was C, found by linear
 * interpolation between the two recorded end offsets around C; and never less than the lower
 * bound of {@link #atLeast}. Pure functions.
 */
final class LagEstimator {

    private LagEstimator() {
    }

    /** Now minus the message's timestamp; clamped at zero, and said so, when the timestamp is ahead of now. */
    static LagEstimate fromTimestamp(RecordTimestamp timestamp, Instant now) {
        if (timestamp.at().isAfter(now)) {
            return LagEstimate.of(Duration.ZERO, Quality.TIMESTAMP_AHEAD);
        }
        return LagEstimate.of(Duration.between(timestamp.at(), now), Quality.FROM_TIMESTAMP);
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
            return LagEstimate.unknown(Quality.LOWER_BOUND);
        }
        if (committed >= ends.get(ends.size() - 1).offset()) {
            return LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP);
        }
        // Newest crossing first: if the log was truncated or recreated, the recent past counts.
        for (int i = ends.size() - 2; i >= 0; i--) {
            OffsetPoint before = ends.get(i);
            OffsetPoint after = ends.get(i + 1);
            if (before.offset() <= committed && committed < after.offset()) {
                return LagEstimate.of(since(before, after, committed, now), Quality.INTERPOLATED);
            }
        }
        // Every recorded end offset is above the commit: the message at C is older than the history.
        OffsetPoint oldest = ends.get(0);
        return ends.stream()
                .filter(point -> point.offset() > oldest.offset())
                .findFirst()
                .map(next -> LagEstimate.of(since(oldest, next, committed, now), Quality.EXTRAPOLATED))
                .orElseGet(() -> LagEstimate.of(clamped(Duration.between(oldest.at(), now).toMillis()), Quality.LOWER_BOUND));
    }

    /**
     * An estimate raised to the lower bound {@code now - behindSince}, where {@code behindSince}
     * is the first time Weir saw the end offset beyond the commit, in the run of polls that saw it
     * beyond ever since (kept while the commit does not move, however long ago that was). The
     * message at the commit was in the log by then, so it is at least that old: the bound grows
     * with the clock for as long as nothing is consumed, unlike the estimates, whose history
     * slides along with the window and would show a stuck group as never older than the window.
     */
    static LagEstimate atLeast(LagEstimate estimate, Instant behindSince, Instant now) {
        Duration bound = clamped(Duration.between(behindSince, now).toMillis());
        boolean below = estimate.lag().map(lag -> lag.compareTo(bound) < 0).orElse(true);
        return below ? LagEstimate.of(bound, Quality.LOWER_BOUND) : estimate;
    }

    /**
     * The worst lag of several partitions (a group in a topic), or of several topics: the largest
     * figure, told as that figure was (the least trustworthy way among equal figures: a lower
     * bound equal to an exact figure may hide a larger one); without
     * numbers, {@code LOWER_BOUND} (measuring) if any partition had no point yet, otherwise
     * {@code NO_OFFSET}.
     */
    static LagEstimate max(List<LagEstimate> estimates) {
        return estimates.stream().filter(estimate -> estimate.lag().isPresent())
                .max(Comparator.comparing((LagEstimate estimate) -> estimate.lag().orElseThrow())
                        .thenComparing(LagEstimate::quality))
                .orElseGet(() -> LagEstimate.unknown(estimates.stream()
                        .anyMatch(estimate -> estimate.quality() == Quality.LOWER_BOUND)
                        ? Quality.LOWER_BOUND : Quality.NO_OFFSET));
    }

    /**
     * A queue's lag: the age of its oldest ready message where the broker gives its timestamp
     * (RabbitMQ, for messages published with a {@code timestamp} property); otherwise unknown.
     * A queue has no offsets to estimate from.
     */
    static LagEstimate ofQueue(QueueSnapshot queue, Instant now) {
        long backlog = queue.messagesReady() >= 0 ? queue.messagesReady() : queue.messages();
        if (backlog <= 0) {
            return LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP);
        }
        if (queue.oldestMessage() == null) {
            return LagEstimate.unknown(Quality.NO_TIMESTAMP);
        }
        return fromTimestamp(queue.oldestMessage(), now);
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
