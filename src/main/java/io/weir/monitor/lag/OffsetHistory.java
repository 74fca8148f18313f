package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>A history of {@link #changes} keeps a run of one value as its first and its latest point:
 * a partition's end offsets, where the points that matter are those where the offset moved. A
 * burst followed by a quiet minute then still holds the burst, so the age of a message written
 * in it can be told after more polls than {@code maxPoints}.
 *
 * <p>Not thread-safe: its owner ({@link SourceHistory}) guards every history with its own lock.
 */
final class OffsetHistory {

    private static final int INITIAL_CAPACITY = 4;

    private final int maxPoints;
    private final long windowMillis;
    private final boolean collapseRuns;
    // A ring of primitive pairs rather than a deque of points: tens of thousands of histories of
    // 60 points each are a large part of what Weir holds, and objects would triple it.
    private long[] times = new long[INITIAL_CAPACITY];
    private long[] offsets = new long[INITIAL_CAPACITY];
    private int start;
    private int size;
    private Instant unchangedSince;

    /** A history of every point recorded (within the bounds). */
    OffsetHistory(int maxPoints, Duration window) {
        this(maxPoints, window, false);
    }

    private OffsetHistory(int maxPoints, Duration window, boolean collapseRuns) {
        checkBounds(maxPoints, window);
        this.maxPoints = maxPoints;
        this.windowMillis = window.toMillis();
        this.collapseRuns = collapseRuns;
    }

    /** A history where a point of the same value as the two before it replaces the latest of them. */
    static OffsetHistory changes(int maxPoints, Duration window) {
        return new OffsetHistory(maxPoints, window, true);
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
        long atMillis = at.toEpochMilli();
        if (size > 0 && atMillis <= times[index(size - 1)]) {
            return;
        }
        if (size == 0 || offsets[index(size - 1)] != offset) {
            unchangedSince = at;
        }
        long oldestKept = atMillis - windowMillis;
        if (collapseRuns && size >= 2 && offsets[index(size - 1)] == offset && offsets[index(size - 2)] == offset) {
            size--; // the run's latest point moves to now
        }
        while (size > 0 && (size >= maxPoints || times[start] < oldestKept)) {
            start = (start + 1) % times.length;
            size--;
        }
        if (size == times.length) {
            grow();
        }
        times[index(size)] = atMillis;
        offsets[index(size)] = offset;
        size++;
    }

    /** The points, oldest first; a copy. */
    List<OffsetPoint> points() {
        List<OffsetPoint> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(new OffsetPoint(times[index(i)], offsets[index(i)]));
        }
        return Collections.unmodifiableList(points);
    }

    /** When the current value was first recorded, empty before the first point. */
    Optional<Instant> unchangedSince() {
        return Optional.ofNullable(unchangedSince);
    }

    private void grow() {
        int capacity = Math.min(maxPoints, times.length * 2);
        long[] newTimes = new long[capacity];
        long[] newOffsets = new long[capacity];
        for (int i = 0; i < size; i++) {
            newTimes[i] = times[index(i)];
            newOffsets[i] = offsets[index(i)];
        }
        times = newTimes;
        offsets = newOffsets;
        start = 0;
    }

    private int index(int offset) {
        return (start + offset) % times.length;
    }
}
