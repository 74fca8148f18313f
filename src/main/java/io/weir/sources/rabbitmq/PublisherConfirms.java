package io.weir.sources.rabbitmq;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Publisher confirms of one channel by sequence number, so that a caller waits for its own
 * messages only and not for those published after them (which {@code waitForConfirms} would).
 * Confirm callbacks arrive on the connection's thread; the waiter is the replay's thread.
 */
final class PublisherConfirms {

    private final NavigableSet<Long> unconfirmed = new TreeSet<>();
    private String failure;

    /** Call before publishing the message that gets sequence number {@code number}. */
    synchronized void sent(long number) {
        unconfirmed.add(number);
    }

    synchronized void acked(long number, boolean multiple) {
        if (multiple) {
            unconfirmed.headSet(number, true).clear();
        } else {
            unconfirmed.remove(number);
        }
        notifyAll();
    }

    synchronized void nacked(long number, boolean multiple) {
        if (failure == null) {
            failure = "RabbitMQ refused to store a replayed message (a negative publisher confirm)";
        }
        acked(number, multiple);
    }

    synchronized void closed(String reason) {
        if (failure == null) {
            failure = reason;
        }
        notifyAll();
    }

    /**
     * Waits until every message up to {@code last} is confirmed, or the channel failed.
     *
     * @return {@code null} when all were confirmed positively, else what went wrong
     */
    synchronized String await(long last, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (failure == null && !unconfirmed.isEmpty() && unconfirmed.first() <= last) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return "RabbitMQ did not confirm the replayed messages within " + timeoutMillis / 1000 + " s";
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return failure;
    }
}
