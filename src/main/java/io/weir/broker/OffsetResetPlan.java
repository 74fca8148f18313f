package io.weir.broker;

import java.util.List;

/**
 * The positions an offset reset moves a group from and to, computed by
 * {@link Broker#planOffsetReset} without changing anything and carried out by
 * {@link Broker#applyOffsetReset}.
 */
public record OffsetResetPlan(String topic, String group, List<PartitionReset> partitions) {

    public OffsetResetPlan {
        partitions = List.copyOf(partitions);
    }

    /**
     * @param before the group's position now
     * @param after the position after the reset, already clamped
     * @param clamped true if the requested target lay outside {@code [start, end]} of the partition
     */
    public record PartitionReset(int partition, long before, long after, boolean clamped) {
    }
}
