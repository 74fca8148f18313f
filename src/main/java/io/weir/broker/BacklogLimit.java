package io.weir.broker;

import java.util.function.LongSupplier;

/**
 * A topic's backlog limit: how many messages and bytes it may store. Publishes reserve room
 * before appending, so concurrent publishes together cannot pass the message limit; the byte
 * limit is checked against the files as they are (a publish is let in while the topic is below
 * it). Under {@link BacklogPolicy#BLOCK} a publish waits for retention to make room, up to the
 * topic's block timeout. Nothing stored is ever dropped to make room. Thread-safe.
 */
final class BacklogLimit {

    private final String topic;
    private final TopicConfig config;
    private final LongSupplier storedMessages;
    private final LongSupplier storedBytes;
    private final ChangeSignal room = new ChangeSignal();
    private long pending; // guarded by this

    BacklogLimit(String topic, TopicConfig config, LongSupplier storedMessages, LongSupplier storedBytes) {
        this.topic = topic;
        this.config = config;
        this.storedMessages = storedMessages;
        this.storedBytes = storedBytes;
    }

    /** @throws BacklogLimitException if there is no room for {@code count} messages (in time) */
    void reserve(int count) {
        if (config.maxMessages() > 0 && count > config.maxMessages()) {
            throw new BacklogLimitException(topic, count + " messages in one call exceed the limit of "
                    + config.maxMessages());
        }
        long wait = config.backlogPolicy() == BacklogPolicy.BLOCK ? config.blockTimeout().toNanos() : 0;
        long deadline = System.nanoTime() + wait;
        while (true) {
            long seen = room.version();
            String full;
            synchronized (this) {
                full = fullness(count);
                if (full == null) {
                    pending += count;
                    return;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BacklogLimitException(topic, full);
            }
            try {
                room.await(seen, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BacklogLimitException(topic, full + "; interrupted while waiting for room");
            }
        }
    }

    synchronized void release(int count) {
        pending -= count;
        room.signal();
    }

    /** Retention deleted something (or the topic closed): blocked publishes look again. */
    void roomMade() {
        room.signal();
    }

    private String fullness(int count) {
        if (config.maxMessages() > 0) {
            long stored = storedMessages.getAsLong() + pending;
            if (stored + count > config.maxMessages()) {
                return "it holds " + stored + " of at most " + config.maxMessages() + " messages";
            }
        }
        if (config.maxBytes() > 0) {
            long bytes = storedBytes.getAsLong();
            if (bytes >= config.maxBytes()) {
                return "it holds " + bytes + " of at most " + config.maxBytes() + " bytes";
            }
        }
        return null;
    }
}
