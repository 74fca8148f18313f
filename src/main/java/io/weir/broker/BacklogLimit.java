package io.weir.broker;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A topic's backlog limit: how many messages and bytes it may store. Publishes reserve room
 * before appending, so concurrent publishes together cannot pass the message limit; the byte
 * limit is checked against the files as they are (a publish is let in while the topic is below
 * it). Producers' publishes also pass the broker's {@link DiskSpace} guard. Under
 * {@link BacklogPolicy#BLOCK} a publish waits for room, up to the topic's block timeout. Nothing
 * stored is ever dropped to make room. Thread-safe.
 */
final class BacklogLimit {

    private final String topic;
    private final Supplier<TopicConfig> topicConfig; // the topic's current settings: they may change
    private final LongSupplier storedMessages;
    private final LongSupplier storedBytes;
    private final ChangeSignal room = new ChangeSignal();
    private final DiskSpace disk;
    private long pending; // guarded by this

    BacklogLimit(String topic, Supplier<TopicConfig> topicConfig, LongSupplier storedMessages, LongSupplier storedBytes,
            DiskSpace disk) {
        this.topic = topic;
        this.topicConfig = topicConfig;
        this.storedMessages = storedMessages;
        this.storedBytes = storedBytes;
        this.disk = disk;
    }

    /**
     * Reserves room for a producer's publish: the topic's limits, and the broker's disk guard.
     *
     * @throws BacklogLimitException if the topic has no room for {@code count} messages (in time)
     * @throws DiskSpaceException if the broker's disk is short of space (in time)
     */
    void reserveForPublish(int count) {
        reserve(count, true);
    }

    /**
     * Reserves room for messages the broker moves itself (dead letters, replays): the topic's
     * limits only, since those messages are already stored once.
     *
     * @throws BacklogLimitException if there is no room for {@code count} messages (in time)
     */
    void reserve(int count) {
        reserve(count, false);
    }

    private void reserve(int count, boolean guardDisk) {
        TopicConfig config = topicConfig.get();
        if (config.maxMessages() > 0 && count > config.maxMessages()) {
            throw new BacklogLimitException(topic, count + " messages in one call exceed the limit of "
                    + config.maxMessages());
        }
        long wait = config.backlogPolicy() == BacklogPolicy.BLOCK ? config.blockTimeout().toNanos() : 0;
        long deadline = System.nanoTime() + wait;
        while (true) {
            long seen = room.version();
            String full;
            String diskShort = null;
            synchronized (this) {
                full = fullness(count);
                if (full == null && guardDisk) {
                    diskShort = disk.shortage();
                }
                if (full == null && diskShort == null) {
                    pending += count;
                    return;
                }
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw refusal(full, diskShort, "");
            }
            try {
                // nothing signals freed disk space: look again as often as the guard reads it
                room.await(seen, diskShort == null ? deadline : Math.min(deadline, now + DiskSpace.REFRESH_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refusal(full, diskShort, "; interrupted while waiting for room");
            }
        }
    }

    private RuntimeException refusal(String full, String diskShort, String suffix) {
        return diskShort != null ? new DiskSpaceException(topic, diskShort + suffix)
                : new BacklogLimitException(topic, full + suffix);
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
        TopicConfig config = topicConfig.get();
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
