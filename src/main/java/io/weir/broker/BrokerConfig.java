package io.weir.broker;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Broker}.
 *
 * @param retentionInterval how often the retention scheduler applies each topic's retention
 * @param journalCompactBytes a group's state journal is compacted into a snapshot once it grows
 *     past this many bytes
 * @param clock time source for timestamps, visibility timeouts, sessions, dedup and retention;
 *     waits (long polls, blocked publishes) use real time regardless
 */
public record BrokerConfig(Duration retentionInterval, long journalCompactBytes, Clock clock) {

    public BrokerConfig {
        Objects.requireNonNull(retentionInterval, "retentionInterval");
        Objects.requireNonNull(clock, "clock");
        if (retentionInterval.isNegative() || retentionInterval.isZero() || journalCompactBytes < 1) {
            throw new IllegalArgumentException("retentionInterval and journalCompactBytes must be positive");
        }
    }

    /** Retention every minute, journals compacted past 1 MiB, the system clock. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(Duration.ofMinutes(1), 1 << 20, Clock.systemUTC());
    }

    public BrokerConfig withClock(Clock clock) {
        return new BrokerConfig(retentionInterval, journalCompactBytes, clock);
    }

    public BrokerConfig withRetentionInterval(Duration interval) {
        return new BrokerConfig(interval, journalCompactBytes, clock);
    }

    public BrokerConfig withJournalCompactBytes(long bytes) {
        return new BrokerConfig(retentionInterval, bytes, clock);
    }
}
