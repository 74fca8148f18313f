package io.weir.operations.offsets;

import io.weir.core.PartitionRef;
import io.weir.sources.GroupOffsets.GroupPosition;
import io.weir.sources.GroupOffsets.PartitionPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the per-partition moves of an offset reset from the group's position and what the
 * mode needs (offsets at a time, a file's offsets, another group's commits); pure, no I/O.
 * Every target is clamped between the partition's oldest stored offset and its end, as Kafka's
 * tool does, and the plan says where and why.
 */
final class OffsetResetPlanner {

    private OffsetResetPlanner() {
    }

    /**
     * @param targets for the modes that look offsets up (by time, file, other group): the target
     *                per partition; partitions missing here are left out of the plan
     */
    static List<OffsetResetPlan.PartitionPlan> plan(OffsetResetRequest request, GroupPosition position,
            Map<PartitionRef, Long> targets) {
        List<OffsetResetPlan.PartitionPlan> plans = new ArrayList<>();
        for (PartitionPosition partition : position.partitions()) {
            if (!inScope(request, partition.partition())) {
                continue;
            }
            Long requested = requested(request, partition, targets);
            if (requested == null) {
                continue;
            }
            long next = Math.min(Math.max(requested, partition.start()), partition.end());
            String clamp = requested < partition.start()
                    ? "below the oldest stored offset " + partition.start() + " (older messages were deleted)"
                    : requested > partition.end() ? "past the end offset " + partition.end() : null;
            plans.add(new OffsetResetPlan.PartitionPlan(partition.partition(), partition.committed(), requested, next,
                    partition.start(), partition.end(), clamp));
        }
        return plans;
    }

    private static boolean inScope(OffsetResetRequest request, PartitionRef partition) {
        if (request.topics().isEmpty() && request.partitions().isEmpty()) {
            return true;
        }
        return request.topics().contains(partition.topic()) || request.partitions().contains(partition);
    }

    private static Long requested(OffsetResetRequest request, PartitionPosition partition, Map<PartitionRef, Long> targets) {
        Long current = partition.committed();
        return switch (request.mode()) {
            case TO_EARLIEST -> partition.start();
            case TO_LATEST -> partition.end();
            case TO_CURRENT -> current;
            case SHIFT_BY -> saturatingAdd(current == null ? partition.start() : current, request.shift());
            case TO_OFFSET -> request.offset();
            case TO_DATETIME, BY_DURATION, FROM_FILE, FROM_GROUP -> targets.get(partition.partition());
        };
    }

    /** A huge shift means "as far as it goes", never a wrapped-around offset. */
    private static long saturatingAdd(long base, long delta) {
        long sum = base + delta;
        if (((base ^ sum) & (delta ^ sum)) < 0) {
            return delta < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
