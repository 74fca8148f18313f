package io.weir.broker;

import io.weir.broker.log.LogConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one topic, stored in its metadata file. Set when it is created; while it is open
 * {@link Broker#alterTopic} may add partitions and change retention, backlog limits and the
 * segment and record size, but not the flush policy, group commit, index interval or dedup window.
 *
 * @param partitions number of partitions, at least 1; never goes down
 * @param log segment size and flush policy of every partition; the flush policy also decides
 *     whether group state writes are fsynced (anything but {@code OS} fsyncs)
 * @param retentionTime delete segments whose messages are all older than this; {@code null} keeps
 *     them forever
 * @param retentionBytes per partition, delete the oldest segments while the partition is larger;
 *     0 for no limit
 * @param maxMessages backlog limit: publishes that would take the topic (all partitions) past this
 *     many stored messages are refused; 0 for no limit
 * @param maxBytes backlog limit: publishes are refused while the topic's files hold this many bytes
 *     or more; 0 for no limit
 * @param backlogPolicy refuse at once or wait for room when a limit is reached
 * @param blockTimeout how long a {@link BacklogPolicy#BLOCK} publish waits for room
 * @param dedupMaxIds the dedup window remembers the IDs of at most this many of the latest accepted
 *     messages that brought their own ID (0 turns dedup off)
 * @param dedupWindow and only of those accepted this recently
 */
public record TopicConfig(int partitions, LogConfig log, Duration retentionTime, long retentionBytes,
        long maxMessages, long maxBytes, BacklogPolicy backlogPolicy, Duration blockTimeout, int dedupMaxIds,
        Duration dedupWindow) {

    public TopicConfig {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(backlogPolicy, "backlogPolicy");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be in [1, 10000]: " + partitions);
        }
        if (retentionBytes < 0 || maxMessages < 0 || maxBytes < 0 || dedupMaxIds < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if ((retentionTime != null && retentionTime.isNegative()) || blockTimeout.isNegative()
                || dedupWindow.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Default log settings, kept forever, no backlog limit, dedup of the last 10,000 IDs for 10 minutes. */
    public static TopicConfig partitions(int partitions) {
        return new TopicConfig(partitions, LogConfig.defaults(), null, 0, 0, 0, BacklogPolicy.REJECT,
                Duration.ofSeconds(30), 10_000, Duration.ofMinutes(10));
    }

    public TopicConfig withPartitions(int partitions) {
        return new TopicConfig(partitions, log, retentionTime, retentionBytes, maxMessages, maxBytes,
                backlogPolicy, blockTimeout, dedupMaxIds, dedupWindow);
    }

    public TopicConfig withLog(LogConfig log) {
        return new TopicConfig(partitions, log, retentionTime, retentionBytes, maxMessages, maxBytes,
                backlogPolicy, blockTimeout, dedupMaxIds, dedupWindow);
    }

    public TopicConfig withRetention(Duration time, long bytes) {
        return new TopicConfig(partitions, log, time, bytes, maxMessages, maxBytes, backlogPolicy, blockTimeout,
                dedupMaxIds, dedupWindow);
    }

    public TopicConfig withBacklogLimit(long messages, long bytes, BacklogPolicy policy, Duration timeout) {
        return new TopicConfig(partitions, log, retentionTime, retentionBytes, messages, bytes, policy, timeout,
                dedupMaxIds, dedupWindow);
    }

    public TopicConfig withDedup(int maxIds, Duration window) {
        return new TopicConfig(partitions, log, retentionTime, retentionBytes, maxMessages, maxBytes,
                backlogPolicy, blockTimeout, maxIds, window);
    }
}
