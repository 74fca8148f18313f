package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The recent points of one series (end offsets of a partition, commits of a group in a
 * partition, a queue's backlog), oldest first. Bounded twice: at most {@code maxPoints} points,
 * and none older than {@code window} before the newest, so memory per series is constant
 * whatever the poll interval.
 *
 * <p>It also remembers since when the value has not changed, past the points it evicts: that is
 * how "no commit for longer than the window" can be told from a window of unchanged points.
 *
 * <p>Not thread-safe: its owner ({@link SourceHistory}) guards every history with its own lock.
 */
final class OffsetHistory {

    private final int maxPoints;
    private final Duration window;
    private final ArrayDeque<OffsetPoint> points;
    private Instant unchangedSince;

    OffsetHistory(int maxPoints, Duration window) {
        checkBounds(maxPoints, window);
        this.maxPoints = maxPoints;
        this.window = window;
        this.points = new ArrayDeque<>(maxPoints);
    }

    /** Fails on bounds that could not hold a rate (fewer than two points) or any point at all. */
    static void checkBounds(int maxPoints, Duration window) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a history needs room for at least 2 points, got " + maxPoints);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive, got " + window);
        }
    }

    /**
     * Adds a point and evicts what falls out of the bounds. A point not later than the newest is
     * ignored: a snapshot that arrives late must not reorder the series.
     */
    void record(Instant at, long offset) {
        OffsetPoint newest = points.peekLast();
        if (newest != null && !at.isAfter(newest.at())) {
            return;
        }
        if (newest == null || newest.offset() != offset) {
            unchangedSince = at;
        }
        points.addLast(new OffsetPoint(at, offset));
        Instant oldestKept = at.minus(window);
        while (points.size() > maxPoints || points.peekFirst().at().isBefore(oldestKept)) {
            points.removeFirst();
        }
    }

    /** The points, oldest first; a copy. */
    List<OffsetPoint> points() {
        return List.copyOf(points);
    }

    /** When the current value was first recorded, empty before the first point. */
    Optional<Instant> unchangedSince() {
        return Optional.ofNullable(unchangedSince);
    }
}
