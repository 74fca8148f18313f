package io.weir.core;

import java.util.ArrayList;
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

    /**
     * What is wrong with the cluster, one short phrase per problem (alarms as the broker words
     * them, nodes down, partitions offline or short of replicas, failing checks); empty when
     * healthy. Each field is zero or empty for kinds that do not report it, so no kind is special.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(alarms);
        int down = nodes.size() - nodesUp();
        if (down > 0) {
            problems.add(down + " node" + (down == 1 ? "" : "s") + " down");
        }
        if (offlinePartitions > 0) {
            problems.add(offlinePartitions + " offline partitions");
        }
        if (underReplicatedPartitions > 0) {
            problems.add(underReplicatedPartitions + " under-replicated partitions");
        }
        if (underMinIsrPartitions > 0) {
            problems.add(underMinIsrPartitions + " partitions under min ISR");
        }
        checks.forEach((check, passing) -> {
            if (!passing) {
                problems.add("health check " + check + " failing");
            }
        });
        return problems;
    }
}
