package io.weir.broker.http;

import io.weir.broker.BacklogPolicy;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.time.Duration;

/**
 * A topic's settings as JSON. On creation every field is optional and falls back to the
 * configured default ({@code weir.broker.*}); a description has them all. Durations are in
 * milliseconds; {@code retentionMs} -1 keeps messages forever, and 0 for a limit means none.
 */
public record TopicSettings(String flushPolicy, Long groupCommitMaxDelayMs, Long groupCommitMaxBytes,
        Long segmentBytes, Integer maxRecordBytes, Long retentionMs, Long retentionBytes, Long maxMessages,
        Long maxBytes, String whenFull, Long blockTimeoutMs, Integer dedupMaxIds, Long dedupWindowMs) {

    /** No setting of its own: every one is the default. */
    static final TopicSettings NONE = new TopicSettings(null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    static TopicSettings of(TopicConfig c) {
        LogConfig log = c.log();
        return new TopicSettings(EnumNames.of(log.flushPolicy()), log.groupCommitMaxDelay().toMillis(),
                log.groupCommitMaxBytes(), log.segmentBytes(), log.maxRecordBytes(),
                c.retentionTime() == null ? -1 : c.retentionTime().toMillis(), c.retentionBytes(), c.maxMessages(),
                c.maxBytes(), EnumNames.of(c.backlogPolicy()), c.blockTimeout().toMillis(), c.dedupMaxIds(),
                c.dedupWindow().toMillis());
    }

    /**
     * The defaults with this request's fields and partition count in their place.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    TopicConfig over(TopicConfig defaults, Integer partitions) {
        LogConfig log = defaults.log();
        log = log.withFlushPolicy(flushPolicy == null ? log.flushPolicy()
                        : EnumNames.parse(FlushPolicy.class, "flushPolicy", flushPolicy))
                .withGroupCommit(millis(groupCommitMaxDelayMs, log.groupCommitMaxDelay()),
                        or(groupCommitMaxBytes, log.groupCommitMaxBytes()))
                .withSegmentBytes(or(segmentBytes, log.segmentBytes()))
                .withMaxRecordBytes(or(maxRecordBytes, log.maxRecordBytes()));
        Duration retention = retentionMs == null ? defaults.retentionTime()
                : retentionMs == -1 ? null : Duration.ofMillis(retentionMs);
        BacklogPolicy policy = whenFull == null ? defaults.backlogPolicy()
                : EnumNames.parse(BacklogPolicy.class, "whenFull", whenFull);
        return new TopicConfig(or(partitions, defaults.partitions()), log, retention,
                or(retentionBytes, defaults.retentionBytes()), or(maxMessages, defaults.maxMessages()),
                or(maxBytes, defaults.maxBytes()), policy, millis(blockTimeoutMs, defaults.blockTimeout()),
                or(dedupMaxIds, defaults.dedupMaxIds()), millis(dedupWindowMs, defaults.dedupWindow()));
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static Duration millis(Long value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(value);
    }
}
