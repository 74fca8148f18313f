package io.weir.broker;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Where to move a group's position, per partition. Every target is clamped between the
 * partition's start and end offsets. {@code partitions} limits the reset to those partitions;
 * empty means all.
 */
public sealed interface OffsetResetSpec {

    Set<Integer> partitions();

    /** The oldest stored message. */
    record Earliest(Set<Integer> partitions) implements OffsetResetSpec {
        public Earliest {
            partitions = Set.copyOf(partitions);
        }
    }

    /** The end: only messages published from now on. */
    record Latest(Set<Integer> partitions) implements OffsetResetSpec {
        public Latest {
            partitions = Set.copyOf(partitions);
        }
    }

    /** The first message stamped at or after {@code time}; the end if none is. */
    record ToTimestamp(Instant time, Set<Integer> partitions) implements OffsetResetSpec {
        public ToTimestamp {
            Objects.requireNonNull(time, "time");
            partitions = Set.copyOf(partitions);
        }
    }

    /** Exactly {@code offset}. */
    record ToOffset(long offset, Set<Integer> partitions) implements OffsetResetSpec {
        public ToOffset {
            partitions = Set.copyOf(partitions);
        }
    }

    /** The current position plus {@code delta} (negative to rewind). */
    record ShiftBy(long delta, Set<Integer> partitions) implements OffsetResetSpec {
        public ShiftBy {
            partitions = Set.copyOf(partitions);
        }
    }

    static OffsetResetSpec earliest() {
        return new Earliest(Set.of());
    }

    static OffsetResetSpec latest() {
        return new Latest(Set.of());
    }

    static OffsetResetSpec toTimestamp(Instant time) {
        return new ToTimestamp(time, Set.of());
    }

    static OffsetResetSpec toOffset(int partition, long offset) {
        return new ToOffset(offset, Set.of(partition));
    }

    static OffsetResetSpec shiftBy(long delta) {
        return new ShiftBy(delta, Set.of());
    }
}
