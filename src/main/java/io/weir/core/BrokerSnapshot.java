package io.weir.core;

import java.util.List;

/**
 * Everything one successful poll of a broker read: its health, its topics and queues, and its
 * consumer groups. Immutable.
 */
public record BrokerSnapshot(ClusterHealth health, List<QueueSnapshot> queues, List<GroupSnapshot> groups) {

    public BrokerSnapshot {
        queues = List.copyOf(queues);
        groups = List.copyOf(groups);
    }
}
