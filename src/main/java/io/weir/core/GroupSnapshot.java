package io.weir.core;

import java.util.List;

/**
 * A consumer group and its position in every partition it has committed to.
 *
 * @param group the group id
 * @param state the broker's word for the group's state, e.g. {@code Stable}, {@code Empty}
 * @param members consumers currently in the group
 * @param offsets committed offset and lag per partition
 * @param deadLetterQueue the qualified name of the topic or queue where the broker moves the
 *     messages this group gave up on (the built-in broker's {@code <topic>.<group>.dlq}),
 *     {@code null} when the broker keeps no dead letters per group
 */
public record GroupSnapshot(String group, String state, int members, List<GroupOffset> offsets, String deadLetterQueue) {

    public GroupSnapshot {
        offsets = List.copyOf(offsets);
    }

    /** A group without a dead-letter queue of its own (Kafka). */
    public GroupSnapshot(String group, String state, int members, List<GroupOffset> offsets) {
        this(group, state, members, offsets, null);
    }

    /**
     * The group's position in one partition.
     *
     * @param topic the topic
     * @param partition the partition
     * @param committedOffset the committed offset, {@code null} when the group has no commit there
     *     ("no offset": neither zero lag nor the whole log)
     * @param startOffset log start of the partition when read
     * @param endOffset log end of the partition when read
     * @param nextRecord the timestamp of the first message the group has yet to read (at its
     *     committed offset, or at the log start when that message is gone), {@code null} when it
     *     was not read: no lag, the source's read budget was spent, or the broker cannot tell
     */
    public record GroupOffset(String topic, int partition, Long committedOffset, long startOffset, long endOffset,
            RecordTimestamp nextRecord) {

        /** A position without the timestamp of its next message. */
        public GroupOffset(String topic, int partition, Long committedOffset, long startOffset, long endOffset) {
            this(topic, partition, committedOffset, startOffset, endOffset, null);
        }

        public GroupOffset withNextRecord(RecordTimestamp timestamp) {
            return new GroupOffset(topic, partition, committedOffset, startOffset, endOffset, timestamp);
        }

        /** The offset of the first message the group has yet to read, {@code null} with no commit. */
        public Long nextOffset() {
            return committedOffset == null ? null : Math.max(committedOffset, startOffset);
        }

        /**
         * Messages the group has yet to read, {@code null} with no commit. Clamped at 0; a commit
         * below the log start counts from the log start, since older messages are gone.
         */
        public Long lag() {
            if (committedOffset == null) {
                return null;
            }
            return Math.max(0, endOffset - Math.max(committedOffset, startOffset));
        }
    }
}
