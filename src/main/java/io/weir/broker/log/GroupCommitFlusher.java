package io.weir.broker.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>When the leader forces: as soon as no other append is on its way in (announced by
 * {@link #writing} but not yet {@link #written}: it holds or waits for the writer lock), or
 * {@code maxBytes} have piled up, or {@code maxDelay} has passed since the first unflushed write,
 * whichever comes first. So a lone producer pays no delay, concurrent producers share one force,
 * and a leader never waits for an append that is not coming. Appends written while a force runs
 * always wait for the next one, so batches also form naturally under load.
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
    private long firstPendingNanos;
    private final AtomicInteger arriving = new AtomicInteger(); // decremented under this
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
     * Announces an append about to take the writer lock; it must end with {@link #written} or
     * {@link #abandoned}. A leader waits for announced appends so that one force covers them.
     */
    void writing() {
        arriving.incrementAndGet();
    }

    /**
     * Reports that records up to (excluding) {@code endOffset} were written to {@code segment}.
     * Called by the single writer, in offset order, for an append announced by {@link #writing}.
     */
    synchronized void written(Segment segment, long endOffset, long bytes) {
        if (pendingBytes == 0) {
            firstPendingNanos = System.nanoTime();
        }
        latestSegment = segment;
        writtenOffset = endOffset;
        pendingBytes += bytes;
        arrived();
    }

    /** An append announced by {@link #writing} wrote nothing (it was refused or failed). */
    synchronized void abandoned() {
        arrived();
    }

    private void arrived() {
        if (arriving.decrementAndGet() == 0 || pendingBytes >= maxBytes) {
            if (leaderBatching) {
                notifyAll(); // only a leader waiting for its batch to fill needs to hear this
            }
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
                    pendingBytes = 0;
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
        while (failure == null && pendingBytes < maxBytes && arriving.get() > 0) {
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
