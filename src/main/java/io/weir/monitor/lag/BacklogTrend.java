package io.weir.monitor.lag;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a topic's or queue's backlog is heading: its growth rate over the window, and from the
 * latest backlog at that rate, when it drains or when it reaches a limit.
 *
 * @param messagesPerSecond least-squares slope of the backlog over the window; negative when it
 *     shrinks
 * @param drainsIn when the backlog reaches zero: zero if already empty, empty unless shrinking
 * @param reachesLimitIn when the backlog reaches the given limit: zero if already there, empty
 *     without a limit or unless growing
 */
public record BacklogTrend(double messagesPerSecond, Optional<Duration> drainsIn, Optional<Duration> reachesLimitIn) {

    public BacklogTrend {
        Objects.requireNonNull(drainsIn, "drainsIn");
        Objects.requireNonNull(reachesLimitIn, "reachesLimitIn");
    }

    /**
     * The trend of backlog points (oldest first, distinct times), empty with fewer than two: one
     * point has no direction. A least-squares slope, not newest minus oldest, so one odd poll at
     * either end does not swing the rate.
     */
    static Optional<BacklogTrend> fit(List<OffsetPoint> backlog, OptionalLong limit) {
        if (backlog.size() < 2) {
            return Optional.empty();
        }
        double rate = slopePerSecond(backlog);
        long latest = backlog.get(backlog.size() - 1).offset();
        Optional<Duration> drainsIn = latest <= 0 ? Optional.of(Duration.ZERO)
                : rate < 0 ? Optional.of(seconds(latest / -rate)) : Optional.empty();
        Optional<Duration> reachesLimitIn = Optional.empty();
        if (limit.isPresent()) {
            long room = limit.getAsLong() - latest;
            reachesLimitIn = room <= 0 ? Optional.of(Duration.ZERO)
                    : rate > 0 ? Optional.of(seconds(room / rate)) : Optional.empty();
        }
        return Optional.of(new BacklogTrend(rate, drainsIn, reachesLimitIn));
    }

    private static double slopePerSecond(List<OffsetPoint> points) {
        // Seconds from the first point keep the sums small enough for doubles to stay exact.
        long origin = points.get(0).at().toEpochMilli();
        double meanX = 0;
        double meanY = 0;
        for (OffsetPoint point : points) {
            meanX += (point.at().toEpochMilli() - origin) / 1000.0;
            meanY += point.offset();
        }
        meanX /= points.size();
        meanY /= points.size();
        double covariance = 0;
        double variance = 0;
        for (OffsetPoint point : points) {
            double dx = (point.at().toEpochMilli() - origin) / 1000.0 - meanX;
            covariance += dx * (point.offset() - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    /** Saturating rather than overflowing when the rate is tiny. */
    private static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
