package io.weir.scenarios;

import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds, and the highest one second ever counted.
 * Thread-safe.
 */
public final class RateMeter {

    private static final int SECONDS = 5;

    private final LongSupplier clockMillis;
    private final long[] buckets = new long[SECONDS + 1];
    private final long[] bucketSecond = new long[SECONDS + 1];
    private long peak;
    private long total;
    /** The second of the first event, or -1: a meter younger than its window divides by its age. */
    private long firstSecond = -1;

    public RateMeter() {
        this(System::currentTimeMillis);
    }

    RateMeter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public synchronized void record(long events) {
        long second = clockMillis.getAsLong() / 1000;
        if (firstSecond < 0) {
            firstSecond = second;
        }
        int index = (int) (second % buckets.length);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            buckets[index] = 0;
        }
        buckets[index] += events;
        peak = Math.max(peak, buckets[index]);
        total += events;
    }

    /**
     * Mean events per second over the last {@value #SECONDS} whole seconds (the current one is
     * still counting), or over the whole seconds since the first event when fewer have passed, so
     * a consumer that just started is not shown at a fraction of its rate.
     */
    public synchronized double perSecond() {
        long now = clockMillis.getAsLong() / 1000;
        long seconds = firstSecond < 0 ? SECONDS : Math.min(SECONDS, now - firstSecond);
        if (seconds <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (bucketSecond[i] < now && bucketSecond[i] >= now - SECONDS) {
                sum += buckets[i];
            }
        }
        return sum / (double) seconds;
    }

    /** The most events counted in one calendar second so far. */
    public synchronized long peakPerSecond() {
        return peak;
    }

    public synchronized long total() {
        return total;
    }
}
