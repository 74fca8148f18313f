package io.weir.sources;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.RecordTimestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fills in, for the group partitions that lag, the timestamp of the first message the group has
 * yet to read, so the monitor can tell lag in time exactly: now minus that timestamp. Messages are
 * read by a broker-specific {@link Reader}, at most {@code budget} per poll, and remembered by
 * position (topic, partition, offset): a group stuck at one offset costs one read in all, and
 * groups at the same position share it. What the budget leaves out is read at a later poll; until
 * then the monitor falls back to its estimate.
 *
 * <p>Memory: only positions of the latest poll are kept. One instance per source; not
 * thread-safe (reads of one source never run concurrently).
 */
public final class NextRecordTimestamps {

    /** Where a group's next message is. */
    public record Position(String topic, int partition, long offset) {
    }

    /** Reads the timestamps of the messages at some positions. */
    @FunctionalInterface
    public interface Reader {
        /**
         * The timestamps found, by position; a position whose message cannot be read in time (or
         * at all) is left out, which is not an error.
         */
        Map<Position, RecordTimestamp> read(List<Position> positions) throws InterruptedException;
    }

    private final int budget;
    private Map<Position, RecordTimestamp> known = new HashMap<>();

    /** @param budget most messages read per poll; 0 reads none */
    public NextRecordTimestamps(int budget) {
        this.budget = budget;
    }

    /**
     * The groups with {@link GroupOffset#nextRecord()} set where it is known, after reading up to
     * the budget of positions not read before. Blocks for as long as {@code reader} does.
     */
    public List<GroupSnapshot> fill(List<GroupSnapshot> groups, Reader reader) throws InterruptedException {
        Set<Position> wanted = new LinkedHashSet<>();
        for (GroupSnapshot group : groups) {
            for (GroupOffset offset : group.offsets()) {
                position(offset).ifPresent(wanted::add);
            }
        }
        Map<Position, RecordTimestamp> current = new HashMap<>();
        List<Position> missing = new ArrayList<>();
        for (Position position : wanted) {
            RecordTimestamp timestamp = known.get(position);
            if (timestamp != null) {
                current.put(position, timestamp);
            } else if (missing.size() < budget) {
                missing.add(position);
            }
        }
        if (!missing.isEmpty()) {
            reader.read(missing).forEach((position, timestamp) -> {
                if (wanted.contains(position)) {
                    current.put(position, timestamp);
                }
            });
        }
        known = current;
        if (current.isEmpty()) {
            return groups;
        }
        List<GroupSnapshot> filled = new ArrayList<>(groups.size());
        for (GroupSnapshot group : groups) {
            List<GroupOffset> offsets = group.offsets().stream()
                    .map(offset -> position(offset).map(current::get).map(offset::withNextRecord).orElse(offset))
                    .toList();
            filled.add(new GroupSnapshot(group.group(), group.state(), group.members(), offsets));
        }
        return filled;
    }

    /** Only a partition with messages left to read has a next message. */
    private static Optional<Position> position(GroupOffset offset) {
        Long lag = offset.lag();
        if (lag == null || lag == 0) {
            return Optional.empty();
        }
        return Optional.of(new Position(offset.topic(), offset.partition(), offset.nextOffset()));
    }
}
