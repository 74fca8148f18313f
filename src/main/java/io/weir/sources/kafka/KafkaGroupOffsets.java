package io.weir.sources.kafka;

import io.weir.core.PartitionRef;
import io.weir.sources.GroupOffsets;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * A Kafka cluster's group offsets through its own admin client (created on first use, so building
 * it connects to nothing). Commits go through {@code alterConsumerGroupOffsets}, which Kafka
 * refuses while the group has members and which creates the offsets of a group that has none.
 */
final class KafkaGroupOffsets implements GroupOffsets {

    private final OperationsAdmin admin;

    KafkaGroupOffsets(SourceSettings settings) {
        this.admin = new OperationsAdmin(settings, "operations");
    }

    @Override
    public GroupPosition describe(String group, Set<String> topics) throws SourceUnavailableException {
        Admin client = admin.client();
        // A group Kafka does not know has no members and no commits: its offsets can be created.
        ConsumerGroupDescription description = unlessUnknown(
                client.describeConsumerGroups(List.of(group)).describedGroups().get(group), null);
        Map<TopicPartition, OffsetAndMetadata> committed = unlessUnknown(client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata(), Map.of());
        Set<String> wanted = new TreeSet<>(topics);
        if (wanted.isEmpty()) {
            committed.keySet().forEach(partition -> wanted.add(partition.topic()));
        }
        List<TopicPartition> partitions = new ArrayList<>();
        if (!wanted.isEmpty()) {
            Map<String, TopicDescription> layout = admin.get(client.describeTopics(wanted).allTopicNames());
            layout.values().forEach(topic -> topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        }
        Map<TopicPartition, Long> starts = offsets(client, partitions, p -> OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(client, partitions, p -> OffsetSpec.latest());
        List<PartitionPosition> positions = partitions.stream()
                .map(p -> {
                    OffsetAndMetadata commit = committed.get(p);
                    return new PartitionPosition(new PartitionRef(p.topic(), p.partition()),
                            commit == null ? null : commit.offset(), starts.get(p), ends.get(p));
                })
                .sorted((a, b) -> a.partition().compareTo(b.partition()))
                .toList();
        if (description == null) {
            return new GroupPosition(group, "Unknown", List.of(), positions);
        }
        List<Member> members = description.members().stream()
                .map(m -> new Member(m.consumerId(), m.clientId(), m.host().startsWith("/") ? m.host().substring(1) : m.host()))
                .toList();
        return new GroupPosition(group, description.groupState().toString(), members, positions);
    }

    @Override
    public Map<PartitionRef, Long> offsetsAt(Collection<PartitionRef> partitions, Instant time) throws SourceUnavailableException {
        Admin client = admin.client();
        List<TopicPartition> kafkaPartitions = partitions.stream().map(KafkaGroupOffsets::kafka).toList();
        Map<TopicPartition, Long> found = offsets(client, kafkaPartitions, p -> OffsetSpec.forTimestamp(time.toEpochMilli()));
        Map<TopicPartition, Long> ends = offsets(client, kafkaPartitions, p -> OffsetSpec.latest());
        Map<PartitionRef, Long> result = new HashMap<>();
        // -1: no message at or after the time, so the position is the end.
        kafkaPartitions.forEach(p -> result.put(new PartitionRef(p.topic(), p.partition()),
                found.get(p) < 0 ? ends.get(p) : found.get(p)));
        return result;
    }

    @Override
    public void commit(String group, Map<PartitionRef, Long> offsets) throws SourceUnavailableException {
        Map<TopicPartition, OffsetAndMetadata> commits = offsets.entrySet().stream()
                .collect(Collectors.toMap(e -> kafka(e.getKey()), e -> new OffsetAndMetadata(e.getValue())));
        try {
            admin.get(admin.client().alterConsumerGroupOffsets(group, commits).all());
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof UnknownMemberIdException) {
                throw new SourceUnavailableException("Kafka refused the commit: group " + group
                        + " has active members (stop its consumers first)", e.getCause());
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(Admin client, List<TopicPartition> partitions,
            Function<TopicPartition, OffsetSpec> spec) throws SourceUnavailableException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        ListOffsetsResult result = client.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, spec)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.get(result.all()).forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private <T> T unlessUnknown(KafkaFuture<T> future, T whenUnknown) throws SourceUnavailableException {
        try {
            return admin.get(future);
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return whenUnknown;
            }
            throw e;
        }
    }

    private static TopicPartition kafka(PartitionRef partition) {
        return new TopicPartition(partition.topic(), partition.partition());
    }

    @Override
    public void close() {
        admin.close();
    }
}
