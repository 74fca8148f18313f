package io.weir.broker.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.weir.broker.BacklogPolicy;
import io.weir.broker.BrokerConfig;
import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The built-in broker's settings, {@code weir.broker.*}. Topic and group settings are the defaults
 * for topics and groups created from now on: each topic and group stores its own settings when it
 * is created, so changing a default leaves existing ones as they are. Every key is in the README's
 * configuration table.
 */
@ConfigMapping(prefix = "weir.broker")
public interface EmbeddedBrokerConfig {

    /** Run the broker in this process. */
    @WithDefault("true")
    boolean enabled();

    /** How often retention runs over every topic. */
    @WithDefault("1m")
    Duration retentionCheckInterval();

    /** A group's state journal is compacted into a snapshot past this size. */
    @WithDefault("1048576")
    long journalCompactBytes();

    /** {@code per-message}, {@code group-commit} or {@code os}. */
    @WithDefault("group-commit")
    FlushPolicy flushPolicy();

    @WithDefault("2ms")
    Duration groupCommitMaxDelay();

    @WithDefault("262144")
    long groupCommitMaxBytes();

    @WithDefault("67108864")
    long segmentBytes();

    @WithDefault("1048576")
    int maxRecordBytes();

    @WithDefault("1")
    int partitions();

    /** Empty keeps messages forever. */
    Optional<Duration> retentionTime();

    @WithDefault("0")
    long retentionBytes();

    @WithDefault("0")
    long maxMessages();

    @WithDefault("0")
    long maxBytes();

    /** {@code reject} or {@code block}. */
    @WithDefault("reject")
    BacklogPolicy whenFull();

    @WithDefault("30s")
    Duration blockTimeout();

    @WithDefault("10000")
    int dedupMaxIds();

    @WithDefault("10m")
    Duration dedupWindow();

    @WithDefault("30s")
    Duration visibilityTimeout();

    @WithDefault("5")
    int maxAttempts();

    @WithDefault("30s")
    Duration sessionTimeout();

    /** Producers' publishes are refused (HTTP 507) while the data directory's disk has less free space; 0 turns this off. */
    @WithDefault("" + BrokerConfig.DEFAULT_MIN_FREE_DISK_BYTES)
    long minFreeDiskBytes();

    default BrokerConfig brokerConfig() {
        return new BrokerConfig(retentionCheckInterval(), journalCompactBytes(), Clock.systemUTC(), minFreeDiskBytes());
    }

    /** Settings of a topic created without settings of its own. */
    default TopicConfig topicDefaults() {
        LogConfig log = LogConfig.defaults()
                .withSegmentBytes(segmentBytes())
                .withMaxRecordBytes(maxRecordBytes())
                .withFlushPolicy(flushPolicy())
                .withGroupCommit(groupCommitMaxDelay(), groupCommitMaxBytes());
        return TopicConfig.partitions(partitions())
                .withLog(log)
                .withRetention(retentionTime().orElse(null), retentionBytes())
                .withBacklogLimit(maxMessages(), maxBytes(), whenFull(), blockTimeout())
                .withDedup(dedupMaxIds(), dedupWindow());
    }

    /** Settings of a group in {@code mode} created without settings of its own. */
    default GroupConfig groupDefaults(DeliveryMode mode) {
        return new GroupConfig(mode, visibilityTimeout(), maxAttempts(), sessionTimeout());
    }
}
