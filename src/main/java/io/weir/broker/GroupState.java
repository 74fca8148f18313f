package io.weir.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consumer group's durable state, changed only by {@link #apply}ing {@link GroupEvent}s, so
 * that replaying the journal rebuilds exactly what the live group had. Not thread-safe: the
 * owning group serialises access.
 */
final class GroupState {

    private final Map<Integer, Partition> partitions = new TreeMap<>();
    private final Map<Integer, Long> replayPositions = new TreeMap<>();

    /**
     * One partition. In ordered mode only {@code position} (the committed offset) is used. In
     * shared mode every offset below {@code position} is settled (acknowledged or dead-lettered);
     * every offset in {@code [position, cursor)} has been delivered and is either in
     * {@code settled} or in {@code attempts}; {@code cursor} is the next offset never delivered.
     */
    static final class Partition {
        long position;
        long cursor;
        final TreeMap<Long, Integer> attempts = new TreeMap<>();
        final TreeSet<Long> settled = new TreeSet<>();
        final Map<Long, String> reasons = new TreeMap<>();

        /** Forgets offsets below {@code start}: retention deleted them. */
        void skipTo(long start) {
            if (start <= position) {
                return;
            }
            position = start;
            cursor = Math.max(cursor, start);
            attempts.headMap(start).clear();
            settled.headSet(start).clear();
            reasons.keySet().removeIf(offset -> offset < start);
        }

        boolean isSettled(long offset) {
            return offset < position || settled.contains(offset);
        }

        private void settle(long offset) {
            if (isSettled(offset) || offset >= cursor) {
                return;
            }
            attempts.remove(offset);
            reasons.remove(offset);
            settled.add(offset);
            while (settled.remove(position)) {
                position++;
            }
        }

        private void reset(long offset) {
            position = offset;
            cursor = offset;
            attempts.clear();
            settled.clear();
            reasons.clear();
        }
    }

    // Java 17 has no pattern matching for switch; the interface is sealed, so this covers it all.
    void apply(GroupEvent event) {
        if (event instanceof GroupEvent.Committed c) {
            partition(c.partition()).reset(c.offset());
        } else if (event instanceof GroupEvent.Delivered d) {
            Partition p = partition(d.partition());
            if (d.offset() >= p.position && !p.settled.contains(d.offset())) {
                p.attempts.put(d.offset(), d.attempt());
                p.cursor = Math.max(p.cursor, d.offset() + 1);
            }
        } else if (event instanceof GroupEvent.Acked a) {
            partition(a.partition()).settle(a.offset());
        } else if (event instanceof GroupEvent.DeadLettered d) {
            partition(d.partition()).settle(d.offset());
        } else if (event instanceof GroupEvent.Nacked n) {
            Partition p = partition(n.partition());
            if (p.attempts.containsKey(n.offset())) {
                p.reasons.put(n.offset(), n.reason());
            }
        } else if (event instanceof GroupEvent.Forgotten f) {
            partitions.remove(f.partition());
        } else if (event instanceof GroupEvent.Replayed r) {
            replayPositions.put(r.deadLetterPartition(), r.nextOffset());
        }
    }

    Partition partition(int partition) {
        return partitions.computeIfAbsent(partition, p -> new Partition());
    }

    Map<Integer, Partition> partitions() {
        return partitions;
    }

    long replayPosition(int deadLetterPartition) {
        return replayPositions.getOrDefault(deadLetterPartition, 0L);
    }

    Map<Integer, Long> replayPositions() {
        return replayPositions;
    }
}
