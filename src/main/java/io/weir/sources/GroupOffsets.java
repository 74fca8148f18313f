package io.weir.sources;

import io.weir.core.PartitionRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write side of a broker's consumer groups, for offset resets: what a group's position is
 * now, where a time falls in each partition, and committing new positions. Separate from
 * {@link BrokerSource} so monitoring code cannot move a group by accident; implemented next to
 * each read adapter for the kinds whose groups have offsets (Kafka, the built-in broker).
 *
 * <p>Every call is blocking, talks to the broker, and fails with {@link SourceUnavailableException}
 * (a message for an operator) when the broker cannot be reached or refuses. Thread-safe.
 */
public interface GroupOffsets extends AutoCloseable {

    /**
     * The group's members and, for every partition of {@code topics} (all the topics the group
     * has commits on when empty), its committed offset and the partition's stored range.
     */
    GroupPosition describe(String group, Set<String> topics) throws SourceUnavailableException;

    /**
     * Per partition, the offset of the first message stamped at or after {@code time}; the end
     * offset where no message is.
     */
    Map<PartitionRef, Long> offsetsAt(Collection<PartitionRef> partitions, Instant time) throws SourceUnavailableException;

    /**
     * Commits {@code offsets} for the group, creating its offsets where it has none. Refused by
     * the broker while the group has active members.
     */
    void commit(String group, Map<PartitionRef, Long> offsets) throws SourceUnavailableException;

    /** Releases connections; never throws. */
    @Override
    void close();

    /**
     * A group's position.
     *
     * @param members    active members; an offset reset is refused while there are any
     * @param partitions every partition asked about, sorted
     */
    record GroupPosition(String group, String state, List<Member> members, List<PartitionPosition> partitions) {

        public GroupPosition {
            members = List.copyOf(members);
            partitions = List.copyOf(partitions);
        }
    }

    /** @param host where the member connects from, empty when the broker does not say */
    record Member(String id, String clientId, String host) {
    }

    /**
     * @param committed the group's committed offset, null where it has none
     * @param start     the oldest stored offset
     * @param end       the next offset to be written
     */
    record PartitionPosition(PartitionRef partition, Long committed, long start, long end) {
    }
}
