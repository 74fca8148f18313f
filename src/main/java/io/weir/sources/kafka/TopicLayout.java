package io.weir.sources.kafka;

import io.weir.core.ObjectSettings;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The topics of a cluster as one read described them, internal ones included (they count for
 * health): partitions with leader, replicas and in-sync replicas, and each topic's effective
 * {@code min.insync.replicas}.
 *
 * @param topics descriptions by topic name, sorted by name
 * @param minInSyncReplicas the effective {@code min.insync.replicas} by topic name
 * @param settings the effective {@link KafkaTopicReader#ADVISED_CONFIGS} by topic name
 */
record TopicLayout(Map<String, TopicDescription> topics, Map<String, Integer> minInSyncReplicas,
        Map<String, Map<String, String>> settings) {

    /** Kafka's own default, for a topic whose configuration could not be read. */
    private static final int KAFKA_DEFAULT_MIN_ISR = 1;

    TopicLayout {
        topics = Map.copyOf(topics);
        minInSyncReplicas = Map.copyOf(minInSyncReplicas);
        settings = Map.copyOf(settings);
    }

    /** The settings of the visible topics, for the snapshot. */
    ObjectSettings objectSettings() {
        Map<String, Map<String, String>> visible = new HashMap<>();
        visibleTopics().forEach(topic -> visible.put(topic.name(), settings.getOrDefault(topic.name(), Map.of())));
        return new ObjectSettings(visible, Map.of(), List.of());
    }

    /** The topics Weir reports as queues: every topic except Kafka's internal ones, by name. */
    List<TopicDescription> visibleTopics() {
        return topics.values().stream()
                .filter(topic -> !topic.isInternal())
                .sorted(Comparator.comparing(TopicDescription::name))
                .toList();
    }

    int minInSyncReplicas(String topic) {
        return minInSyncReplicas.getOrDefault(topic, KAFKA_DEFAULT_MIN_ISR);
    }
}
