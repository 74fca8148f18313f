package io.weir.broker;

import java.util.concurrent.TimeUnit;

/**
 * Wakes threads that wait for something to change: long polls wait for appends, blocked
 * publishes for retention to make room. A waiter reads {@link #version()} before checking its
 * condition and then waits for the version to move, so a change between check and wait is not
 * missed.
 */
final class ChangeSignal {

    // volatile so that reading it, which every long poll does, takes no lock publishers hold
    private volatile long version;
    private final Runnable afterSignal;

    ChangeSignal() {
        this(() -> { });
    }

    /** {@code afterSignal} runs on the signalling thread after each signal, outside the lock; it must not block. */
    ChangeSignal(Runnable afterSignal) {
        this.afterSignal = afterSignal;
    }

    long version() {
        return version;
    }

    void signal() {
        synchronized (this) {
            version++;
            notifyAll();
        }
        afterSignal.run();
    }

    /** Waits until the version differs from {@code seen} or {@code deadlineNanos} (System.nanoTime) passes. */
    synchronized void await(long seen, long deadlineNanos) throws InterruptedException {
        while (version == seen) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
