package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import io.weir.sources.SourceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a cluster's health: name and version from {@code /api/overview}, every node with its
 * resource figures and alarms from {@code /api/nodes}, and the server's own health checks.
 * Blocking; two calls plus one per health check.
 */
final class RabbitHealthReader {

    private final ManagementApi api;
    private final RabbitHealthChecks checks;

    RabbitHealthReader(ManagementApi api) {
        this.api = api;
        this.checks = new RabbitHealthChecks(api);
    }

    ClusterHealth read() throws SourceUnavailableException, InterruptedException {
        JsonNode overview = api.get("/api/overview");
        JsonNode nodes = api.get("/api/nodes");
        List<NodeSnapshot> nodeSnapshots = new ArrayList<>();
        for (JsonNode node : nodes) {
            nodeSnapshots.add(node(node));
        }
        Map<String, Boolean> checkResults = checks.run(amqpPorts(overview));
        return new ClusterHealth(overview.path("cluster_name").asText(null),
                overview.path("rabbitmq_version").asText("unknown"), null, nodeSnapshots, 0, 0, 0,
                clusterAlarms(nodes), checkResults);
    }

    /** One entry of {@code /api/nodes}; a node that is not running reports no figures, so they are -1. */
    static NodeSnapshot node(JsonNode node) {
        String name = node.path("name").asText();
        return new NodeSnapshot(name, host(name), node.path("running").asBoolean(false), nodeAlarms(node),
                node.path("mem_used").asLong(-1), node.path("mem_limit").asLong(-1),
                node.path("disk_free").asLong(-1), node.path("disk_free_limit").asLong(-1),
                node.path("fd_used").asLong(-1), node.path("fd_total").asLong(-1),
                node.path("sockets_used").asLong(-1), node.path("sockets_total").asLong(-1));
    }

    /**
     * Problems of the whole cluster in words: one line naming every node involved in a network
     * partition, then one line per node resource alarm, since a memory or disk alarm on any node
     * blocks publishers on all of them.
     */
    static List<String> clusterAlarms(JsonNode nodes) {
        List<String> alarms = new ArrayList<>();
        TreeSet<String> partitioned = new TreeSet<>();
        for (JsonNode node : nodes) {
            JsonNode partitions = node.path("partitions");
            if (!partitions.isEmpty()) {
                partitioned.add(node.path("name").asText());
                partitions.forEach(other -> partitioned.add(other.asText()));
            }
        }
        if (!partitioned.isEmpty()) {
            alarms.add("network partition: " + String.join(", ", partitioned));
        }
        for (JsonNode node : nodes) {
            for (String alarm : nodeAlarms(node)) {
                alarms.add(alarm + " alarm on " + node.path("name").asText());
            }
        }
        return alarms;
    }

    private static List<String> nodeAlarms(JsonNode node) {
        List<String> alarms = new ArrayList<>();
        if (node.path("mem_alarm").asBoolean(false)) {
            alarms.add("memory");
        }
        if (node.path("disk_free_alarm").asBoolean(false)) {
            alarms.add("disk");
        }
        return alarms;
    }

    /** The ports of the AMQP listeners (not AMQPS, clustering or HTTP), each once. */
    static List<Integer> amqpPorts(JsonNode overview) {
        TreeSet<Integer> ports = new TreeSet<>();
        for (JsonNode listener : overview.path("listeners")) {
            if (listener.path("protocol").asText().equals("amqp")) {
                ports.add(listener.path("port").asInt());
            }
        }
        return List.copyOf(ports);
    }

    /** The host part of a node name such as {@code rabbit@mq-1}. */
    private static String host(String nodeName) {
        int at = nodeName.indexOf('@');
        return at < 0 ? null : nodeName.substring(at + 1);
    }
}
