package io.weir.monitor.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent samples of one series, oldest first, in two primitive arrays used as a ring. It
 * starts small and doubles up to {@code maxSamples} while its store has {@link Room} left, so a
 * series polled rarely costs little; samples older than the retention are dropped on append.
 * Synchronized: one writer (the poll of the series' source) and any number of readers.
 */
final class SampleRing {

    private static final int INITIAL_CAPACITY = 16;

    /** The samples all rings of one store may still make room for. Thread-safe. */
    static final class Room {

        private final AtomicLong left;

        Room(long samples) {
            left = new AtomicLong(samples);
        }

        /** Takes room for {@code samples} if that much is left. */
        boolean take(int samples) {
            return left.getAndUpdate(l -> l >= samples ? l - samples : l) >= samples;
        }

        void give(int samples) {
            left.addAndGet(samples);
        }
    }

    private final int maxSamples;
    private final Room room;
    private long[] times = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int start;
    private int size;

    /** A new ring takes its initial room even when none is left: the store bounds the number of series. */
    SampleRing(int maxSamples, Room room) {
        this.maxSamples = maxSamples;
        this.room = room;
        room.give(-INITIAL_CAPACITY);
    }

    /** Appends a sample; one not newer than the last is ignored (a series never goes back in time). */
    synchronized void append(long timeMillis, double value, long oldestKeptMillis) {
        if (size > 0 && timeMillis <= times[index(size - 1)]) {
            return;
        }
        while (size > 0 && times[start] < oldestKeptMillis) {
            start = (start + 1) % times.length;
            size--;
        }
        if (size == times.length) {
            int capacity = Math.min(maxSamples, times.length * 2);
            if (capacity > times.length && room.take(capacity - times.length)) {
                grow(capacity);
            } else {
                start = (start + 1) % times.length;
                size--;
            }
        }
        times[index(size)] = timeMillis;
        values[index(size)] = value;
        size++;
    }

    /** Samples with {@code from <= time <= to}, oldest first. */
    synchronized List<Sample> range(long fromMillis, long toMillis) {
        List<Sample> result = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int at = index(i);
            if (times[at] >= fromMillis && times[at] <= toMillis) {
                result.add(new Sample(times[at], values[at]));
            }
        }
        return result;
    }

    /** The last {@code count} samples (fewer if the ring holds fewer), oldest first. */
    synchronized List<Sample> last(int count) {
        List<Sample> result = new ArrayList<>(Math.min(count, size));
        for (int i = Math.max(0, size - count); i < size; i++) {
            result.add(new Sample(times[index(i)], values[index(i)]));
        }
        return result;
    }

    synchronized Sample latest() {
        return size == 0 ? null : new Sample(times[index(size - 1)], values[index(size - 1)]);
    }

    synchronized int size() {
        return size;
    }

    /** Bytes held by the arrays, for the memory bound. */
    synchronized long footprintBytes() {
        return (long) times.length * (Long.BYTES + Double.BYTES);
    }

    /** Gives this ring's room back to its store; call once, when the series is dropped. */
    synchronized void release() {
        room.give(times.length);
    }

    private void grow(int capacity) {
        long[] newTimes = new long[capacity];
        double[] newValues = new double[capacity];
        for (int i = 0; i < size; i++) {
            newTimes[i] = times[index(i)];
            newValues[i] = values[index(i)];
        }
        times = newTimes;
        values = newValues;
        start = 0;
    }

    private int index(int offset) {
        return (start + offset) % times.length;
    }
}
