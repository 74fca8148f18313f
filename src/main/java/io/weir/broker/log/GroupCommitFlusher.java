package io.weir.broker.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Turns many appends into few fsyncs. The writer reports each write with {@link #written}; the
 * appending thread then blocks in {@link #awaitDurable} while one background thread forces the
 * active segment once and releases every append that the force covered.
 *
 * <p>When to force: as soon as as many appends are pending as the previous force covered, or
 * {@code maxBytes} have piled up, or {@code maxDelay} has passed since the first unflushed write,
 * whichever comes first. The first rule is why a lone producer pays no delay (one append was
 * covered last time, one is pending now: force at once) while many concurrent producers still
 * share one force (their previous batch sets how many to wait for). Appends written while a force
 * runs always wait for the next one, so batches also form naturally under load; when producers
 * leave, the batch falls short once, waits {@code maxDelay}, and the next target is smaller.
 *
 * <p>Why one force is enough: a roll forces the old segment before the next one is created, so
 * only the segment reported by the latest {@link #written} call can hold unforced records.
 *
 * <p>Failure is final. If a force throws, every waiting and every later {@link #awaitDurable}
 * fails with {@link StorageFailedException}, the thread ends and the owner is told through
 * {@code onFailure} so it refuses further appends.
 *
 * <p>Lifecycle: the owner calls {@link #start} once and {@link #close} once; close forces whatever
 * is still pending, so no waiting append is left hanging, and joins the thread. The thread is a
 * daemon so a forgotten log does not keep the JVM alive.
 */
final class GroupCommitFlusher implements AutoCloseable {

    /** Receives the cause of a failed force; called once, from the flusher thread. */
    interface FailureListener {
        void failed(StorageFailedException failure);
    }

    private final Thread thread;
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
    private StorageFailedException failure;
    private boolean closing;

    /**
     * @param onDurable told the offset after the last record the latest force covered
     */
    GroupCommitFlusher(String name, Duration maxDelay, long maxBytes, Fsync fsync, LongConsumer onDurable,
            FailureListener onFailure) {
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.onDurable = onDurable;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
        notifyAll();
    }

    /**
     * Blocks until a force covered every record below {@code endOffset}.
     *
     * @throws StorageFailedException if a force failed: the records are not acknowledged
     * @throws UncheckedIOException wrapping {@link InterruptedIOException} if interrupted; the
     *     records may or may not become durable
     */
    synchronized void awaitDurable(long endOffset) {
        while (durableOffset < endOffset) {
            if (failure != null) {
                throw failure;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException(
                        "interrupted while waiting for fsync; the records may or may not be durable"));
            }
        }
    }

    /** Fails every waiting and later append; used when the writer itself hit a storage error. */
    synchronized void fail(StorageFailedException cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    /** Forces what is pending, stops the thread and waits for it. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            Segment segment;
            long target;
            synchronized (this) {
                try {
                    awaitBatch();
                } catch (InterruptedException e) {
                    return;
                }
                if (failure != null || writtenOffset <= durableOffset) {
                    return; // closing with nothing pending, or already failed
                }
                segment = latestSegment;
                target = writtenOffset;
                pendingBytes = 0;
                lastBatchAppends = Math.max(1, pendingAppends);
                pendingAppends = 0;
            }
            try {
                segment.flush(fsync);
            } catch (IOException | RuntimeException e) {
                StorageFailedException failed = new StorageFailedException(
                        "fsync of " + segment.logFile() + " failed; appended records are not durable", e);
                // tell the owner first: a woken appender must find the log failed already
                onFailure.failed(failed);
                fail(failed);
                return;
            }
            synchronized (this) {
                durableOffset = target;
                onDurable.accept(target);
                notifyAll();
            }
        }
    }

    /** Waits until something is pending and the batch is complete (see the class comment), or closing. */
    private void awaitBatch() throws InterruptedException {
        while (!closing && failure == null && writtenOffset <= durableOffset) {
            wait();
        }
        while (!closing && failure == null && pendingBytes < maxBytes && pendingAppends < lastBatchAppends) {
            long remaining = firstPendingNanos + maxDelayNanos - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }
}
