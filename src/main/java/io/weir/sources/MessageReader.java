package io.weir.sources;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads the messages of one topic, partition by partition and offset range by offset range, for a
 * {@link MessageBrowser}. Each call blocks at most about the source's timeout and answers
 * interrupts. Not thread-safe; close it when done (a Kafka reader holds a consumer).
 */
public interface MessageReader extends AutoCloseable {

    /** A partition's offsets when the reader was opened: messages lie in [start, end). */
    record PartitionRange(int partition, long startOffset, long endOffset) {
    }

    /** Offsets {@code from} (inclusive) to {@code to} (exclusive) of one partition. */
    record Span(long from, long to) {
    }

    /**
     * What one {@link #read} found: messages in offset order per partition, and per partition read
     * the offset to continue from (past gaps such as Kafka's transaction markers or compacted
     * records, so a partition always advances even when it yields no message).
     */
    record Batch(List<StoredMessage> messages, Map<Integer, Long> nextOffsets) {
    }

    /** The topic's partitions, sorted by number, with their offsets at open. */
    List<PartitionRange> partitions();

    /**
     * Per partition, the first offset whose message is stamped at or after {@code time}, or the end
     * offset when every message is older.
     */
    Map<Integer, Long> offsetsAt(Instant time) throws SourceUnavailableException, InterruptedException;

    /**
     * Reads the next messages of each span's partition (keys are partitions), returning at least
     * one message per partition whose span is not empty unless the source's timeout passes first;
     * a span starting below the partition's start reads from its oldest message. How many messages
     * per partition one call returns is up to the reader (a few hundred).
     */
    Batch read(Map<Integer, Span> spans) throws SourceUnavailableException, InterruptedException;

    /** Never throws. */
    @Override
    void close();
}
