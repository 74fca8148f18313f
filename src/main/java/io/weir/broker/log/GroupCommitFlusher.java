package io.weir.broker.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Turns many appends into few fsyncs, without a thread of its own (leader/follower group commit).
 * The writer reports each write with {@link #written}; the appending thread then calls
 * {@link #awaitDurable}. If no force is running, that thread becomes the leader: it forces the
 * active segment once for everything written so far and releases every append the force covered.
 * Appends arriving while a force runs wait as followers; when it ends, one of those still
 * uncovered leads the next force. No hand-off to another thread, so under CPU load an append pays
 * one wake-up, not two.
 *
 * <p>When the leader forces: as soon as as many appends are pending as the previous force covered,
 * or {@code maxBytes} have piled up, or {@code maxDelay} has passed since the first unflushed
 * write, whichever comes first. The first rule is why a lone producer pays no delay (one append
 * was covered last time, one is pending now: force at once) while many concurrent producers still
 * share one force. Appends written while a force runs always wait for the next one, so batches
 * also form naturally under load.
 *
 * <p>Why one force is enough: a roll forces the old segment before the next one is created, so
 * only the segment reported by the latest {@link #written} call can hold unforced records.
 *
 * <p>Failure is final. If a force throws, the owner is told through {@code onFailure} so it
 * refuses further appends, and every waiting and every later {@link #awaitDurable} fails with
 * {@link StorageFailedException}.
 *
 * <p>Closing: the owner stops writing, then calls {@link #close}, which waits for a running force
 * and forces whatever is still pending, so no waiting append is left hanging.
 */
final class GroupCommitFlusher implements AutoCloseable {

    /** Receives the cause of a failed force; called once, from the thread that forced. */
    interface FailureListener {
        void failed(StorageFailedException failure);
    }

    private final long maxDelayNanos;
    private final long maxBytes;
    private final Fsync fsync;
    private final LongConsumer onDurable;
    private final FailureListener onFailure;

    // All guarded by this.
    private Segment latestSegment;
    private long writtenOffset = -1;
    private long durableOffset = -1;
    private long pendingBytes;
    private int pendingAppends;
    private int lastBatchAppends = 1;
    private long firstPendingNanos;
    private boolean forcing;
    private boolean leaderBatching;
    private StorageFailedException failure;

    /**
     * @param onDurable told the offset after the last record the latest force covered
     */
    GroupCommitFlusher(Duration maxDelay, long maxBytes, Fsync fsync, LongConsumer onDurable,
            FailureListener onFailure) {
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.onDurable = onDurable;
        this.onFailure = onFailure;
    }

    /**
     * Reports that records up to (excluding) {@code endOffset} were written to {@code segment}.
     * Called by the single writer, in offset order.
     */
    synchronized void written(Segment segment, long endOffset, long bytes) {
        if (pendingBytes == 0) {
            firstPendingNanos = System.nanoTime();
        }
        latestSegment = segment;
        writtenOffset = endOffset;
        pendingBytes += bytes;
        pendingAppends++;
        if (leaderBatching && (pendingAppends >= lastBatchAppends || pendingBytes >= maxBytes)) {
            notifyAll(); // only a leader waiting for its batch to fill needs to hear this
        }
    }

    /**
     * Blocks until a force covered every record below {@code endOffset}, leading that force if no
     * other thread is forcing.
     *
     * @throws StorageFailedException if a force failed: the records are not acknowledged
     * @throws UncheckedIOException wrapping {@link InterruptedIOException} if interrupted; the
     *     records may or may not become durable
     */
    void awaitDurable(long endOffset) {
        try {
            while (true) {
                Segment segment;
                long target;
                synchronized (this) {
                    while (durableOffset < endOffset && failure == null && forcing) {
                        wait();
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    if (durableOffset >= endOffset) {
                        return;
                    }
                    forcing = true;
                    leaderBatching = true;
                    try {
                        awaitBatch();
                    } catch (InterruptedException e) {
                        forcing = false;
                        notifyAll(); // let another waiter lead
                        throw e;
                    } finally {
                        leaderBatching = false;
                    }
                    if (failure != null) {
                        throw failure; // the writer failed while this leader waited
                    }
                    segment = latestSegment;
                    target = writtenOffset;
                    lastBatchAppends = Math.max(1, pendingAppends);
                    pendingBytes = 0;
                    pendingAppends = 0;
                }
                force(segment, target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException(
                    "interrupted while waiting for fsync; the records may or may not be durable"));
        }
    }

    /** Waits, as leader, until the batch is complete (see the class comment). */
    private void awaitBatch() throws InterruptedException {
        while (failure == null && pendingBytes < maxBytes && pendingAppends < lastBatchAppends) {
            long remaining = firstPendingNanos + maxDelayNanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }

    /** Forces outside the monitor, so appends keep being written (and queue for the next force). */
    private void force(Segment segment, long target) {
        try {
            segment.flush(fsync);
        } catch (IOException | RuntimeException e) {
            StorageFailedException failed = new StorageFailedException(
                    "fsync of " + segment.logFile() + " failed; appended records are not durable", e);
            // tell the owner first: a woken appender must find the log failed already
            onFailure.failed(failed);
            fail(failed);
            throw failed;
        }
        synchronized (this) {
            forcing = false;
            durableOffset = target;
            onDurable.accept(target);
            notifyAll();
        }
    }

    /** Fails every waiting and later append; used when the writer itself hit a storage error. */
    synchronized void fail(StorageFailedException cause) {
        if (failure == null) {
            failure = cause;
        }
        forcing = false;
        notifyAll();
    }

    /** Waits for a running force, then forces what is pending; the writer must have stopped. */
    @Override
    public void close() {
        Segment segment;
        long target;
        boolean interrupted = false;
        synchronized (this) {
            while (forcing && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null || writtenOffset <= durableOffset) {
                return;
            }
            forcing = true;
            segment = latestSegment;
            target = writtenOffset;
        }
        try {
            force(segment, target);
        } catch (StorageFailedException e) {
            // already reported through onFailure; the owner closes its files regardless
        }
    }
}
