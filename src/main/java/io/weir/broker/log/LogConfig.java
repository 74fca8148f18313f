package io.weir.broker.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link PartitionLog}.
 *
 * @param segmentBytes roll to a new segment when the next record would take the active one past
 *     this size (a single larger record still gets a segment of its own)
 * @param maxRecordBytes largest encoded record an append accepts; at most
 *     {@link RecordFormat#MAX_RECORD_BYTES}, which is what recovery uses, so lowering this setting
 *     never makes existing records unreadable
 * @param indexIntervalBytes bytes of log between two entries of the sparse offset index
 * @param flushPolicy when appends are forced to disk
 * @param groupCommitMaxDelay longest an append waits for its group commit to start
 * @param groupCommitMaxBytes written bytes that start a group commit without waiting for the delay
 */
public record LogConfig(
        long segmentBytes,
        int maxRecordBytes,
        int indexIntervalBytes,
        FlushPolicy flushPolicy,
        Duration groupCommitMaxDelay,
        long groupCommitMaxBytes) {

    /** Segment positions are stored as ints in the index; this keeps every position below 2 GiB. */
    static final long MAX_SEGMENT_BYTES = 1L << 30;

    public LogConfig {
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(groupCommitMaxDelay, "groupCommitMaxDelay");
        if (segmentBytes < 1024 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be in [1 KiB, 1 GiB]: " + segmentBytes);
        }
        if (maxRecordBytes < RecordFormat.MIN_RECORD_BYTES || maxRecordBytes > RecordFormat.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be in [" + RecordFormat.MIN_RECORD_BYTES
                    + ", " + RecordFormat.MAX_RECORD_BYTES + "]: " + maxRecordBytes);
        }
        if (indexIntervalBytes < 1) {
            throw new IllegalArgumentException("indexIntervalBytes must be positive: " + indexIntervalBytes);
        }
        if (groupCommitMaxDelay.isNegative() || groupCommitMaxBytes < 1) {
            throw new IllegalArgumentException("group commit delay must be >= 0 and bytes > 0");
        }
    }

    /** 64 MiB segments, 1 MiB records, an index entry every 4 KiB, group commit after 2 ms or 256 KiB. */
    public static LogConfig defaults() {
        return new LogConfig(64L << 20, 1 << 20, 4096, FlushPolicy.GROUP_COMMIT, Duration.ofMillis(2), 256L << 10);
    }

    /**
     * Whether {@code other} differs from this at most in {@code segmentBytes} and
     * {@code maxRecordBytes}, the settings an open {@link PartitionLog} can change.
     */
    public boolean differsOnlyInLimits(LogConfig other) {
        return flushPolicy == other.flushPolicy && indexIntervalBytes == other.indexIntervalBytes
                && groupCommitMaxDelay.equals(other.groupCommitMaxDelay) && groupCommitMaxBytes == other.groupCommitMaxBytes;
    }

    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(bytes, maxRecordBytes, indexIntervalBytes, flushPolicy, groupCommitMaxDelay,
                groupCommitMaxBytes);
    }

    public LogConfig withMaxRecordBytes(int bytes) {
        return new LogConfig(segmentBytes, bytes, indexIntervalBytes, flushPolicy, groupCommitMaxDelay,
                groupCommitMaxBytes);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(segmentBytes, maxRecordBytes, bytes, flushPolicy, groupCommitMaxDelay,
                groupCommitMaxBytes);
    }

    public LogConfig withFlushPolicy(FlushPolicy policy) {
        return new LogConfig(segmentBytes, maxRecordBytes, indexIntervalBytes, policy, groupCommitMaxDelay,
                groupCommitMaxBytes);
    }

    public LogConfig withGroupCommit(Duration maxDelay, long maxBytes) {
        return new LogConfig(segmentBytes, maxRecordBytes, indexIntervalBytes, flushPolicy, maxDelay, maxBytes);
    }
}
