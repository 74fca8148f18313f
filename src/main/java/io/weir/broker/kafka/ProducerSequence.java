package io.weir.broker.kafka;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.protocol.Errors;

/**
 * What one idempotent producer stored in one partition: its epoch, the last sequence and the last
 * five batches (a producer has at most five in flight), so that a retried batch is recognised
 * and answered with the offset it was stored at. Not thread-safe: the produce path holds its lock
 * from {@link #check} to {@link #stored}.
 */
final class ProducerSequence {

    private static final int REMEMBERED_BATCHES = 5;

    /** How to answer a batch: store it, answer with where it was stored, or refuse it with {@code error}. */
    record Verdict(Errors error, long duplicateOf) {
        static final Verdict STORE = new Verdict(Errors.NONE, -1);

        boolean duplicate() {
            return duplicateOf >= 0;
        }
    }

    private record Batch(short epoch, int firstSequence, int lastSequence, long baseOffset) {
    }

    private boolean known;
    private short epoch;
    private int lastSequence;
    private final Deque<Batch> recent = new ArrayDeque<>();
    private volatile long lastUsedNanos = System.nanoTime();

    Verdict check(short batchEpoch, int firstSequence, int lastSequence) {
        lastUsedNanos = System.nanoTime();
        if (!known) {
            return Verdict.STORE; // new to this partition, or forgotten by a restart
        }
        if (batchEpoch < epoch) {
            return new Verdict(Errors.INVALID_PRODUCER_EPOCH, -1);
        }
        if (batchEpoch > epoch) {
            return firstSequence == 0 ? Verdict.STORE : new Verdict(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        }
        for (Batch b : recent) {
            if (b.epoch() == batchEpoch && b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                return new Verdict(Errors.NONE, b.baseOffset());
            }
        }
        int expected = this.lastSequence == Integer.MAX_VALUE ? 0 : this.lastSequence + 1;
        return firstSequence == expected ? Verdict.STORE : new Verdict(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
    }

    void stored(short batchEpoch, int firstSequence, int lastSequence, long baseOffset) {
        if (batchEpoch != epoch) {
            recent.clear();
        }
        known = true;
        epoch = batchEpoch;
        this.lastSequence = lastSequence;
        recent.addLast(new Batch(batchEpoch, firstSequence, lastSequence, baseOffset));
        if (recent.size() > REMEMBERED_BATCHES) {
            recent.removeFirst();
        }
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }
}
