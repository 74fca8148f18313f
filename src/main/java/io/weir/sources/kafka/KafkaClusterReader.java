package io.weir.sources.kafka;

import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import io.weir.sources.SourceUnavailableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Reads the cluster's health: id, controller, brokers with their log directories, version, and
 * the partitions that are under-replicated, under {@code min.insync.replicas} or offline. One
 * instance per read; the {@code request...} methods send without waiting, like
 * {@link KafkaTopicReader}'s.
 */
final class KafkaClusterReader {

    private final Admin admin;
    private final ReadDeadline deadline;

    private DescribeClusterResult cluster;
    private KafkaFuture<FeatureMetadata> features;
    private Collection<Node> nodes;
    private KafkaFuture<Map<Integer, Map<String, LogDirDescription>>> logDirs;

    KafkaClusterReader(Admin admin, ReadDeadline deadline) {
        this.admin = admin;
        this.deadline = deadline;
    }

    void requestDescription() {
        cluster = admin.describeCluster();
        features = admin.describeFeatures().featureMetadata();
    }

    /** Waits for the list of brokers, then asks all of them for their log directories in one call. */
    void requestLogDirs() throws SourceUnavailableException, InterruptedException {
        nodes = deadline.await(cluster.nodes());
        logDirs = admin.describeLogDirs(nodes.stream().map(Node::id).toList()).allDescriptions();
    }

    LogDirUsage logDirUsage() throws SourceUnavailableException, InterruptedException {
        return new LogDirUsage(deadline.await(logDirs));
    }

    /**
     * The health, counting partitions of every topic, internal ones included: an under-replicated
     * {@code __consumer_offsets} stops every consumer group from committing.
     */
    ClusterHealth health(TopicLayout layout, LogDirUsage usage) throws SourceUnavailableException, InterruptedException {
        String clusterId = deadline.await(cluster.clusterId());
        Node controller = deadline.await(cluster.controller());
        String version = KafkaVersion.describe(deadline.await(features));
        // describeCluster lists only the brokers that are registered and running, so each is up.
        List<NodeSnapshot> brokers = nodes.stream()
                .map(node -> new NodeSnapshot(node.idString(), node.host() + ":" + node.port(), true, List.of(),
                        -1, -1, usage.usableBytes(node.id()), -1, -1, -1, -1, -1))
                .toList();
        int underReplicated = 0;
        int underMinIsr = 0;
        int offline = 0;
        for (TopicDescription topic : layout.topics().values()) {
            int minIsr = layout.minInSyncReplicas(topic.name());
            for (TopicPartitionInfo partition : topic.partitions()) {
                underReplicated += partition.isr().size() < partition.replicas().size() ? 1 : 0;
                underMinIsr += partition.isr().size() < minIsr ? 1 : 0;
                offline += KafkaTopicReader.hasLeader(partition) ? 0 : 1;
            }
        }
        return new ClusterHealth(clusterId, version, controller == null || controller.isEmpty() ? null
                : controller.idString(), brokers, underReplicated, underMinIsr, offline, List.of(), Map.of());
    }
}
