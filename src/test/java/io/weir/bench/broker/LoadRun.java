package io.weir.bench.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One workload against one {@link DurableTarget}: {@code producers} threads each publish batches of
 * {@code batch} 1 KiB messages back to back, each waiting for its confirmation, for a warm-up and
 * then a measured period, while {@link #CONSUMERS} consumers (threads) read the messages back. Each message carries its
 * send time ({@code System.nanoTime()}, same JVM) in its first 8 bytes, so the consumer measures
 * publish-to-consume latency. Throughput counts messages confirmed within the measured period.
 */
final class LoadRun {

    static final int MESSAGE_BYTES = 1024;

    /** Consuming threads per target, each a consumer of the same group or queue. */
    static final int CONSUMERS = 2;

    /** The send time in a message's first 8 bytes, big-endian. */
    private static final VarHandle SENT_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Messages confirmed in the measured period, its length, and the sorted latencies of the messages sent in it. */
    record Result(long messages, double seconds, long[] latencyNanos) {

        double perSecond() {
            return messages / seconds;
        }

        double megabytesPerSecond() {
            return perSecond() * MESSAGE_BYTES / (1 << 20);
        }

        double latencyMillis(double quantile) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latencyNanos.length - 1, Math.ceil(quantile * latencyNanos.length) - 1);
            return latencyNanos[Math.max(0, index)] / 1e6;
        }
    }

    private final int producers;
    private final int batch;
    private final Duration warmUp;
    private final Duration measured;

    LoadRun(int producers, int batch, Duration warmUp, Duration measured) {
        this.producers = producers;
        this.batch = batch;
        this.warmUp = warmUp;
        this.measured = measured;
    }

    Result run(DurableTarget target, String name) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        Latencies latencies = new Latencies(measureFrom, measureTo);
        target.prepare(name, latencies::record);
        LongAdder confirmed = new LongAdder();
        LongAdder sent = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            DurableTarget.Publisher publisher = target.publisher();
            Thread thread = new Thread(() -> {
                try (publisher) {
                    while (System.nanoTime() < measureTo && failure.get() == null) {
                        List<byte[]> values = new ArrayList<>(batch);
                        long now = System.nanoTime();
                        for (int i = 0; i < batch; i++) {
                            byte[] value = new byte[MESSAGE_BYTES];
                            SENT_AT.set(value, 0, now);
                            values.add(value);
                        }
                        publisher.publish(values);
                        sent.add(batch);
                        long done = System.nanoTime();
                        if (done >= measureFrom && done < measureTo) {
                            confirmed.add(batch);
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-producer-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (latencies.received() < sent.sum() && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(10);
        }
        target.finish();
        if (failure.get() != null) {
            throw failure.get();
        }
        if (latencies.received() != sent.sum()) {
            throw new IllegalStateException(name + ": consumed " + latencies.received() + " messages of " + sent.sum()
                    + " sent" + (latencies.received() > sent.sum() ? " (some twice)" : ""));
        }
        return new Result(confirmed.sum(), measured.toNanos() / 1e9, latencies.sorted());
    }

    /**
     * Latencies of the messages sent in the measured period, fed by the target's consumer threads.
     * Each thread records into arrays of its own, so measuring adds no lock the consumers contend
     * for; the arrays are merged once the run is over.
     */
    private static final class Latencies {
        private final long from;
        private final long to;
        private final LongAdder received = new LongAdder();
        private final Queue<PerThread> threads = new ConcurrentLinkedQueue<>();
        private final ThreadLocal<PerThread> mine = ThreadLocal.withInitial(() -> {
            PerThread own = new PerThread();
            threads.add(own);
            return own;
        });

        private static final class PerThread {
            long[] values = new long[1 << 16];
            int count;
        }

        Latencies(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void record(byte[] value) {
            long now = System.nanoTime();
            long sentAt = (long) SENT_AT.get(value, 0);
            if (sentAt >= from && sentAt < to) {
                PerThread own = mine.get();
                if (own.count == own.values.length) {
                    own.values = Arrays.copyOf(own.values, own.count * 2);
                }
                own.values[own.count++] = now - sentAt;
            }
            received.increment(); // last, so that a reader seeing the count also sees the value
        }

        long received() {
            return received.sum();
        }

        /** Call once the consumers have stopped. */
        long[] sorted() {
            long[] all = new long[0];
            for (PerThread t : threads) {
                int at = all.length;
                all = Arrays.copyOf(all, at + t.count);
                System.arraycopy(t.values, 0, all, at, t.count);
            }
            Arrays.sort(all);
            return all;
        }
    }
}
