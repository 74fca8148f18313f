package io.weir.sources.kafka;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.common.Node;

/**
 * Reads a Kafka cluster with one long-lived AdminClient, created on the first read. The client
 * reconnects by itself when brokers come back, so a source outlives broker restarts.
 */
public final class KafkaSource implements BrokerSource {

    private final SourceSettings settings;
    private Admin admin;

    public KafkaSource(SourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        int timeoutMs = (int) settings.timeout().toMillis();
        Admin client = admin();
        try {
            DescribeClusterResult cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            Node controller = cluster.controller().get(timeoutMs, TimeUnit.MILLISECONDS);
            FeatureMetadata features = client.describeFeatures(new DescribeFeaturesOptions().timeoutMs(timeoutMs))
                    .featureMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NodeSnapshot> nodeSnapshots = nodes.stream()
                    .map(node -> NodeSnapshot.basic(node.idString(), node.host() + ":" + node.port(), true))
                    .toList();
            ClusterHealth health = new ClusterHealth(clusterId, KafkaVersion.describe(features),
                    controller == null || controller.isEmpty() ? null : controller.idString(), nodeSnapshots,
                    0, 0, 0, List.of(), Map.of());
            return new BrokerSnapshot(health, List.of(), List.of());
        } catch (ExecutionException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(e.getCause(), settings), e.getCause());
        } catch (TimeoutException e) {
            throw new SourceUnavailableException("no answer from " + settings.address() + " within "
                    + settings.timeout().toMillis() + " ms", e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    private Properties clientProperties() {
        int timeoutMs = (int) settings.timeout().toMillis();
        Properties props = new Properties();
        props.putAll(settings.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.address());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "weir-" + settings.name());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        // Reconnect quickly after a broker restart; the poll interval sets the pace anyway.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
