package io.weir.sources.kafka;

import io.weir.sources.QueuePurger;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Purges Kafka topics with {@code deleteRecords} up to each partition's end offset, through its
 * own admin client (created on first use, so building it connects to nothing). Kafka moves each
 * partition's log start to that offset and deletes the segments below it in the background; the
 * offsets of the remaining messages do not change. Counts are end minus start offsets, so on a
 * compacted topic they count offsets, not surviving records. Kafka refuses {@code deleteRecords} on
 * a topic with {@code cleanup.policy=compact} alone; that refusal is passed on.
 */
final class KafkaQueuePurger implements QueuePurger {

    private final SourceSettings settings;
    private final OperationsAdmin admin;

    KafkaQueuePurger(SourceSettings settings) {
        this.settings = settings;
        this.admin = new OperationsAdmin(settings, "purge");
    }

    @Override
    public long count(String queue) throws SourceUnavailableException {
        Admin client = admin.client();
        List<TopicPartition> partitions = partitions(client, queue);
        return stored(offsets(client, partitions, OffsetSpec.earliest()), offsets(client, partitions, OffsetSpec.latest()));
    }

    @Override
    public PurgeCount purge(String queue) throws SourceUnavailableException {
        Admin client = admin.client();
        List<TopicPartition> partitions = partitions(client, queue);
        Map<TopicPartition, Long> ends = offsets(client, partitions, OffsetSpec.latest());
        long before = stored(offsets(client, partitions, OffsetSpec.earliest()), ends);
        admin.get(client.deleteRecords(ends.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue())))).all());
        long after = stored(offsets(client, partitions, OffsetSpec.earliest()), offsets(client, partitions, OffsetSpec.latest()));
        return new PurgeCount(before, after);
    }

    private List<TopicPartition> partitions(Admin client, String topic) throws SourceUnavailableException {
        try {
            TopicDescription description = admin.get(client.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UnknownQueueException(settings.name(), topic);
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(Admin client, List<TopicPartition> partitions, OffsetSpec spec)
            throws SourceUnavailableException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.get(client.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all())
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static long stored(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), e.getValue())).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
