package io.weir.scenarios;

import java.time.Duration;
import java.util.Arrays;

/**
 * Measured durations: how many, and the mean, median and 95th percentile of the latest
 * {@value #WINDOW}, so the figures follow a change (a consumer slowed down) within seconds.
 * Thread-safe.
 */
public final class Latencies {

    static final int WINDOW = 200;

    /** What was measured so far; durations are zero while {@code count} is 0. */
    public record Summary(long count, Duration mean, Duration median, Duration p95) {
    }

    private final long[] nanos = new long[WINDOW];
    private long count;

    public synchronized void record(Duration duration) {
        nanos[(int) (count % WINDOW)] = duration.toNanos();
        count++;
    }

    public synchronized Summary summary() {
        int size = (int) Math.min(count, WINDOW);
        if (size == 0) {
            return new Summary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        long mean = (long) Arrays.stream(sorted).average().orElse(0);
        return new Summary(count, Duration.ofNanos(mean), Duration.ofNanos(sorted[size / 2]),
                Duration.ofNanos(sorted[Math.min(size - 1, (int) Math.ceil(size * 0.95) - 1)]));
    }
}
