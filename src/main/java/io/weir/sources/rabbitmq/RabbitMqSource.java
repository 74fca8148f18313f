package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;

/** Reads a RabbitMQ cluster through its management HTTP API. */
public final class RabbitMqSource implements BrokerSource {

    private final SourceSettings settings;
    private final ManagementApi api;

    public RabbitMqSource(SourceSettings settings) {
        this.settings = settings;
        this.api = new ManagementApi(settings);
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        JsonNode overview = api.get("/api/overview");
        JsonNode nodes = api.get("/api/nodes");
        List<NodeSnapshot> nodeSnapshots = new ArrayList<>();
        for (JsonNode node : nodes) {
            nodeSnapshots.add(NodeSnapshot.basic(node.path("name").asText(), null, node.path("running").asBoolean(false)));
        }
        ClusterHealth health = new ClusterHealth(overview.path("cluster_name").asText(null),
                overview.path("rabbitmq_version").asText("unknown"), null, nodeSnapshots, 0, 0, 0, List.of(), Map.of());
        return new BrokerSnapshot(health, List.of(), List.of());
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no connections worth closing on Java 17.
    }
}
