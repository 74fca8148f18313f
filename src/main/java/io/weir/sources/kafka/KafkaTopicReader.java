package io.weir.sources.kafka;

import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.QueueSnapshot.QueueKind;
import io.weir.sources.SourceUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads topics: their partitions, the configurations the advisor checks ({@code min.insync.replicas}
 * and a few more) and log start and end offsets, each
 * with one batched call for all topics. One instance per read. Each {@code request...} method
 * sends calls without waiting for their answers, so the caller can send independent calls of
 * other readers before it waits; the answers are collected by the method named after them.
 */
final class KafkaTopicReader {

    /**
     * The topic configurations kept for the reliability advisor, out of the answer the read asks
     * for anyway (for {@code min.insync.replicas}): keeping them costs the cluster nothing more.
     */
    static final List<String> ADVISED_CONFIGS = List.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
            TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, TopicConfig.RETENTION_MS_CONFIG,
            TopicConfig.CLEANUP_POLICY_CONFIG);

    /** Partitions per pair of offset calls; see {@link #requestOffsets}. */
    static final int PARTITIONS_PER_BATCH = 1000;

    private final Admin admin;
    private final ReadDeadline deadline;
    private final DeadLetterTopics deadLetters;

    private KafkaFuture<Set<String>> names;
    private Map<String, KafkaFuture<TopicDescription>> descriptions;
    private Map<ConfigResource, KafkaFuture<Config>> configs;
    private final List<OffsetBatch> offsetBatches = new ArrayList<>();

    /** One pair of offset calls: the log start and the log end of the same partitions. */
    private record OffsetBatch(List<TopicPartition> partitions, ListOffsetsResult earliest, ListOffsetsResult latest) {
    }

    KafkaTopicReader(Admin admin, ReadDeadline deadline, DeadLetterTopics deadLetters) {
        this.admin = admin;
        this.deadline = deadline;
        this.deadLetters = deadLetters;
    }

    void requestNames() {
        names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names();
    }

    /** Waits for the topic names, then asks for their partitions and configurations together. */
    void requestLayout() throws SourceUnavailableException, InterruptedException {
        Set<String> topics = deadline.await(names);
        descriptions = admin.describeTopics(topics).topicNameValues();
        configs = admin.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList()).values();
    }

    TopicLayout layout() throws SourceUnavailableException, InterruptedException {
        Map<String, TopicDescription> topics = new TreeMap<>();
        for (KafkaFuture<TopicDescription> description : descriptions.values()) {
            deadline.awaitUnlessDeleted(description).ifPresent(topic -> topics.put(topic.name(), topic));
        }
        Map<String, Integer> minInSyncReplicas = new HashMap<>();
        Map<String, Map<String, String>> settings = new HashMap<>();
        for (var config : configs.entrySet()) {
            Optional<Config> found = deadline.awaitUnlessDeleted(config.getValue());
            if (found.isEmpty()) {
                continue;
            }
            // The effective values: the topic's own, else the broker defaults that apply to it.
            Map<String, String> values = new HashMap<>();
            for (String key : ADVISED_CONFIGS) {
                ConfigEntry entry = found.get().get(key);
                if (entry != null && entry.value() != null) {
                    values.put(key, entry.value());
                }
            }
            String topic = config.getKey().name();
            settings.put(topic, values);
            if (values.containsKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)) {
                minInSyncReplicas.put(topic, Integer.parseInt(values.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)));
            }
        }
        return new TopicLayout(topics, minInSyncReplicas, settings);
    }

    /**
     * Asks for the log start and end of every partition of the visible topics, in batches of
     * whole topics of about {@value #PARTITIONS_PER_BATCH} partitions, all sent before any answer
     * is awaited. One call for ten thousand partitions is slower than ten: the admin client keeps
     * each call's partitions in hash tables whose lookups degrade as a call grows, because the
     * hash codes of partitions of similarly named topics cluster. Partitions without a leader are
     * skipped, since no broker could answer for them.
     */
    void requestOffsets(TopicLayout layout) {
        Map<TopicPartition, OffsetSpec> earliestSpecs = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latestSpecs = new HashMap<>();
        for (TopicDescription topic : layout.visibleTopics()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (hasLeader(partition)) {
                    TopicPartition key = new TopicPartition(topic.name(), partition.partition());
                    earliestSpecs.put(key, OffsetSpec.earliest());
                    latestSpecs.put(key, OffsetSpec.latest());
                }
            }
            if (earliestSpecs.size() >= PARTITIONS_PER_BATCH) {
                sendOffsetBatch(earliestSpecs, latestSpecs);
                earliestSpecs = new HashMap<>();
                latestSpecs = new HashMap<>();
            }
        }
        if (!earliestSpecs.isEmpty()) {
            sendOffsetBatch(earliestSpecs, latestSpecs);
        }
    }

    private void sendOffsetBatch(Map<TopicPartition, OffsetSpec> earliestSpecs,
            Map<TopicPartition, OffsetSpec> latestSpecs) {
        offsetBatches.add(new OffsetBatch(List.copyOf(earliestSpecs.keySet()), admin.listOffsets(earliestSpecs),
                admin.listOffsets(latestSpecs)));
    }

    /**
     * The offsets of every partition that answered; a partition deleted meanwhile is missing. Each
     * batch's answers are taken whole; only a batch with a topic deleted during the read is taken
     * partition by partition.
     */
    Map<TopicPartition, OffsetRange> offsets() throws SourceUnavailableException, InterruptedException {
        Map<TopicPartition, OffsetRange> offsets = new HashMap<>();
        for (OffsetBatch batch : offsetBatches) {
            Optional<Map<TopicPartition, ListOffsetsResultInfo>> starts = deadline.awaitUnlessDeleted(batch.earliest().all());
            Optional<Map<TopicPartition, ListOffsetsResultInfo>> ends = deadline.awaitUnlessDeleted(batch.latest().all());
            if (starts.isPresent() && ends.isPresent()) {
                starts.get().forEach((partition, start) -> {
                    ListOffsetsResultInfo end = ends.get().get(partition);
                    if (end != null) {
                        offsets.put(partition, new OffsetRange(start.offset(), end.offset()));
                    }
                });
                continue;
            }
            for (TopicPartition partition : batch.partitions()) {
                Optional<ListOffsetsResultInfo> start = deadline.awaitUnlessDeleted(batch.earliest().partitionResult(partition));
                Optional<ListOffsetsResultInfo> end = deadline.awaitUnlessDeleted(batch.latest().partitionResult(partition));
                if (start.isPresent() && end.isPresent()) {
                    offsets.put(partition, new OffsetRange(start.get().offset(), end.get().offset()));
                }
            }
        }
        return offsets;
    }

    /**
     * The visible topics as queue snapshots. A partition whose offsets are unknown (no leader)
     * reports -1 for both; its size is left out of the topic's.
     *
     * @param consumersByTopic members of the groups that committed on each topic
     */
    List<QueueSnapshot> queues(TopicLayout layout, Map<TopicPartition, OffsetRange> offsets, LogDirUsage usage,
            Map<String, Integer> consumersByTopic) {
        List<QueueSnapshot> queues = new ArrayList<>();
        for (TopicDescription topic : layout.visibleTopics()) {
            List<PartitionSnapshot> partitions = new ArrayList<>();
            long sizeBytes = 0;
            for (TopicPartitionInfo info : topic.partitions()) {
                TopicPartition key = new TopicPartition(topic.name(), info.partition());
                OffsetRange range = offsets.getOrDefault(key, new OffsetRange(-1, -1));
                Integer leader = hasLeader(info) ? info.leader().id() : null;
                partitions.add(new PartitionSnapshot(info.partition(), range.start(), range.end(), leader,
                        ids(info.replicas()), ids(info.isr())));
                // The leader's copy only: followers hold the same messages again.
                OptionalLong bytes = leader == null ? OptionalLong.empty() : usage.replicaBytes(leader, key);
                sizeBytes += bytes.orElse(0);
            }
            long messages = partitions.stream().mapToLong(PartitionSnapshot::messages).sum();
            // Rates stay null: the monitor derives them from the history of offsets.
            queues.add(new QueueSnapshot(topic.name(), null, QueueKind.TOPIC, deadLetters.isDeadLetter(topic.name()),
                    partitions, messages, -1, -1, sizeBytes, null, null,
                    consumersByTopic.getOrDefault(topic.name(), 0)));
        }
        return queues;
    }

    static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
