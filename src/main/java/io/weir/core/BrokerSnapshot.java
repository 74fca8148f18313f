package io.weir.core;

import java.util.List;
import java.util.Objects;

/**
 * Everything one successful poll of a broker read: its health, its topics and queues, and its
 * consumer groups, and the settings of those that the reliability advisor checks. Immutable.
 */
public record BrokerSnapshot(ClusterHealth health, List<QueueSnapshot> queues, List<GroupSnapshot> groups,
        ObjectSettings settings) {

    public BrokerSnapshot {
        queues = List.copyOf(queues);
        groups = List.copyOf(groups);
        Objects.requireNonNull(settings, "settings");
    }

    /** A snapshot without object settings. */
    public BrokerSnapshot(ClusterHealth health, List<QueueSnapshot> queues, List<GroupSnapshot> groups) {
        this(health, queues, groups, ObjectSettings.NONE);
    }
}
