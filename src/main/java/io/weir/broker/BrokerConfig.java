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
 * @param minFreeDiskBytes producers' publishes are refused while the data directory's file system
 *     has less free space than this ({@link DiskSpaceException}); 0 turns the guard off
 */
public record BrokerConfig(Duration retentionInterval, long journalCompactBytes, Clock clock, long minFreeDiskBytes) {

    /** The default disk guard: 100 MiB, enough for a burst of publishes between two looks at the disk. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100L << 20;

    public BrokerConfig {
        Objects.requireNonNull(retentionInterval, "retentionInterval");
        Objects.requireNonNull(clock, "clock");
        if (retentionInterval.isNegative() || retentionInterval.isZero() || journalCompactBytes < 1) {
            throw new IllegalArgumentException("retentionInterval and journalCompactBytes must be positive");
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative: " + minFreeDiskBytes);
        }
    }

    /** Retention every minute, journals compacted past 1 MiB, the system clock, publishes refused below 100 MiB free. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(Duration.ofMinutes(1), 1 << 20, Clock.systemUTC(), DEFAULT_MIN_FREE_DISK_BYTES);
    }

    public BrokerConfig withClock(Clock clock) {
        return new BrokerConfig(retentionInterval, journalCompactBytes, clock, minFreeDiskBytes);
    }

    public BrokerConfig withRetentionInterval(Duration interval) {
        return new BrokerConfig(interval, journalCompactBytes, clock, minFreeDiskBytes);
    }

    public BrokerConfig withJournalCompactBytes(long bytes) {
        return new BrokerConfig(retentionInterval, bytes, clock, minFreeDiskBytes);
    }

    public BrokerConfig withMinFreeDiskBytes(long bytes) {
        return new BrokerConfig(retentionInterval, journalCompactBytes, clock, bytes);
    }
}
