package io.weir.core;

import java.util.List;
import java.util.Map;

/**
 * The health of a cluster as one poll saw it.
 *
 * @param clusterId the broker's own cluster id or name, {@code null} if it has none
 * @param version the broker software version, as close as the broker lets Weir tell
 * @param controller the active controller node (Kafka), {@code null} otherwise
 * @param nodes every node the cluster knows, running or not
 * @param underReplicatedPartitions partitions with fewer in-sync replicas than replicas (Kafka)
 * @param underMinIsrPartitions partitions with fewer in-sync replicas than {@code min.insync.replicas} (Kafka)
 * @param offlinePartitions partitions without a leader (Kafka)
 * @param alarms cluster-wide problems in words (resource alarms, network partitions), empty when none
 * @param checks the broker's own health checks by name, {@code true} when passing (RabbitMQ)
 */
public record ClusterHealth(
        String clusterId,
        String version,
        String controller,
        List<NodeSnapshot> nodes,
        int underReplicatedPartitions,
        int underMinIsrPartitions,
        int offlinePartitions,
        List<String> alarms,
        Map<String, Boolean> checks) {

    public ClusterHealth {
        nodes = List.copyOf(nodes);
        alarms = List.copyOf(alarms);
        checks = Map.copyOf(checks);
    }

    public int nodesUp() {
        return (int) nodes.stream().filter(NodeSnapshot::up).count();
    }
}
