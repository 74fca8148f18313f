package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.ClusterOverview;
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
    public ClusterOverview read() throws SourceUnavailableException, InterruptedException {
        JsonNode overview = api.get("/api/overview");
        JsonNode nodes = api.get("/api/nodes");
        int running = 0;
        for (JsonNode node : nodes) {
            if (node.path("running").asBoolean(false)) {
                running++;
            }
        }
        return new ClusterOverview(
                overview.path("cluster_name").asText(null),
                overview.path("rabbitmq_version").asText("unknown"),
                running);
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no connections worth closing on Java 17.
    }
}
