package io.weir.broker;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message IDs for publishes that bring none: a random UUID drawn once per open topic, then a
 * counter. Unique across restarts (a new UUID each time) like a UUID per message, without a
 * {@code SecureRandom} draw, which is shared and locked, on every publish. Thread-safe.
 */
final class GeneratedIds {

    private final String prefix = UUID.randomUUID() + "-";
    private final AtomicLong next = new AtomicLong();

    String next() {
        return prefix + next.getAndIncrement();
    }
}
