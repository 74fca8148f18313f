package io.weir.operations.offsets;

import io.weir.core.PartitionRef;
import java.util.List;

/**
 * What an offset reset would do, partition by partition, computed without changing anything.
 *
 * @param refusal  why it cannot be applied now (active members, a read-only source), null when it can
 * @param warnings things to know before applying (a group that looks empty but committed recently)
 */
public record OffsetResetPlan(OffsetResetRequest request, List<GroupMember> members, List<PartitionPlan> partitions,
        String refusal, List<String> warnings) {

    public OffsetResetPlan {
        members = List.copyOf(members);
        partitions = List.copyOf(partitions);
        warnings = List.copyOf(warnings);
    }

    /**
     * One partition's move.
     *
     * @param current   the committed offset now, null without a commit
     * @param requested where the mode points, before clamping
     * @param next      where the group will be: {@code requested} clamped to {@code [start, end]}
     * @param clamp     why {@code next} differs from {@code requested}, null when it does not
     */
    public record PartitionPlan(PartitionRef partition, Long current, long requested, long next, long start, long end,
            String clamp) {

        /** Messages the group will not read because the reset jumps over them (0 when it rewinds). */
        public long skipped() {
            return current == null ? Math.max(0, next - start) : Math.max(0, next - current);
        }

        /** Messages the group will read again (0 when it moves forward). */
        public long reread() {
            return current == null ? 0 : Math.max(0, current - next);
        }

        /** Lag now; null without a commit. */
        public Long lagBefore() {
            return current == null ? null : Math.max(0, end - current);
        }

        public long lagAfter() {
            return end - next;
        }

        public boolean changes() {
            return current == null || current != next;
        }
    }

    /** The plan as {@code topic,partition,offset} lines, the format {@code FROM_FILE} reads. */
    public String csv() {
        StringBuilder csv = new StringBuilder("topic,partition,offset\n");
        partitions.forEach(p -> csv.append(p.partition().topic()).append(',').append(p.partition().partition())
                .append(',').append(p.next()).append('\n'));
        return csv.toString();
    }
}
