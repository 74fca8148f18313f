package io.weir.broker;

import io.weir.broker.log.PartitionLog;
import java.util.ArrayList;
import java.util.List;

/** Computes an {@link OffsetResetPlan} from a spec and the group's current positions, changing nothing. */
final class OffsetResetPlanner {

    private OffsetResetPlanner() {
    }

    static OffsetResetPlan plan(Topic topic, Group group, OffsetResetSpec spec) {
        for (int p : spec.partitions()) {
            if (p < 0 || p >= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + topic.name() + " has no partition " + p);
            }
        }
        List<OffsetResetPlan.PartitionReset> resets = new ArrayList<>();
        for (int p = 0; p < topic.partitionCount(); p++) {
            if (!spec.partitions().isEmpty() && !spec.partitions().contains(p)) {
                continue;
            }
            PartitionLog log = topic.partition(p);
            long before = group.position(p);
            long target = target(spec, log, before);
            long after = Math.min(Math.max(target, log.startOffset()), log.endOffset());
            resets.add(new OffsetResetPlan.PartitionReset(p, before, after, after != target));
        }
        return new OffsetResetPlan(topic.name(), group.name(), resets);
    }

    private static long target(OffsetResetSpec spec, PartitionLog log, long current) {
        if (spec instanceof OffsetResetSpec.Earliest) {
            return log.startOffset();
        } else if (spec instanceof OffsetResetSpec.Latest) {
            return log.endOffset();
        } else if (spec instanceof OffsetResetSpec.ToTimestamp t) {
            return log.findOffsetByTimestamp(t.time());
        } else if (spec instanceof OffsetResetSpec.ToOffset o) {
            return o.offset();
        } else {
            long delta = ((OffsetResetSpec.ShiftBy) spec).delta();
            long shifted = current + delta;
            // saturate instead of wrapping: a huge shift means "as far as it goes"
            return ((current ^ shifted) & (delta ^ shifted)) < 0 ? (delta < 0 ? Long.MIN_VALUE : Long.MAX_VALUE)
                    : shifted;
        }
    }
}
