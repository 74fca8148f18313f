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

    public RateMeter() {
        this(System::currentTimeMillis);
    }

    RateMeter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public synchronized void record(long events) {
        long second = clockMillis.getAsLong() / 1000;
        int index = (int) (second % buckets.length);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            buckets[index] = 0;
        }
        buckets[index] += events;
        peak = Math.max(peak, buckets[index]);
        total += events;
    }

    /** Mean events per second over the last {@value #SECONDS} whole seconds (the current one is still counting). */
    public synchronized double perSecond() {
        long now = clockMillis.getAsLong() / 1000;
        long sum = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (bucketSecond[i] < now && bucketSecond[i] >= now - SECONDS) {
                sum += buckets[i];
            }
        }
        return sum / (double) SECONDS;
    }

    /** The most events counted in one calendar second so far. */
    public synchronized long peakPerSecond() {
        return peak;
    }

    public synchronized long total() {
        return total;
    }
}
