package io.weir.sources.kafka;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.sources.SourceUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Reads consumer groups in every state: their state, members and committed offsets, with one
 * batched call each for all groups (the admin client sends one request per group coordinator).
 * One instance per read; the {@code request...} methods send without waiting, like
 * {@link KafkaTopicReader}'s.
 */
final class KafkaGroupReader {

    private static final String DEAD = GroupState.DEAD.toString();

    private final Admin admin;
    private final ReadDeadline deadline;

    private KafkaFuture<Collection<GroupListing>> listing;
    private final Map<String, KafkaFuture<Membership>> memberships = new TreeMap<>();
    private ListConsumerGroupOffsetsResult commits;

    /** A group's state in the broker's words, and its member count. */
    private record Membership(String state, int members) {
    }

    /**
     * One group's answer.
     *
     * @param committed committed offset by partition, only partitions with a commit
     */
    record GroupCommits(String group, String state, int members, Map<TopicPartition, Long> committed) {

        Set<String> topics() {
            return committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
        }
    }

    KafkaGroupReader(Admin admin, ReadDeadline deadline) {
        this.admin = admin;
        this.deadline = deadline;
    }

    void requestGroupIds() {
        // Consumer groups of both protocols, including "simple" groups that only commit offsets.
        listing = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all();
    }

    /**
     * Waits for the group ids, then asks for the groups' members and commits together. Classic
     * groups are described with the classic call: {@code describeConsumerGroups} first tries the
     * new protocol's call and retries after a back-off (100 ms by default) for classic groups.
     */
    void requestCommits() throws SourceUnavailableException, InterruptedException {
        Collection<GroupListing> groups = deadline.await(listing);
        if (groups.isEmpty()) {
            return;
        }
        Map<Boolean, List<String>> byProtocol = groups.stream().collect(Collectors.partitioningBy(
                group -> group.type().equals(Optional.of(GroupType.CLASSIC)),
                Collectors.mapping(GroupListing::groupId, Collectors.toList())));
        List<String> classic = byProtocol.get(true);
        List<String> others = byProtocol.get(false);
        if (!classic.isEmpty()) {
            admin.describeClassicGroups(classic).describedGroups().forEach((group, description) -> memberships.put(group,
                    description.thenApply(found -> new Membership(found.state().toString(), found.members().size()))));
        }
        if (!others.isEmpty()) {
            admin.describeConsumerGroups(others).describedGroups().forEach((group, description) -> memberships.put(group,
                    description.thenApply(found -> new Membership(found.groupState().toString(), found.members().size()))));
        }
        commits = admin.listConsumerGroupOffsets(groups.stream().collect(Collectors.toMap(GroupListing::groupId,
                group -> new ListConsumerGroupOffsetsSpec())));
    }

    /** Every group that still exists, by group id. */
    List<GroupCommits> commits() throws SourceUnavailableException, InterruptedException {
        List<GroupCommits> groups = new ArrayList<>();
        for (var entry : memberships.entrySet()) {
            Optional<Membership> membership = deadline.awaitUnlessDeleted(entry.getValue());
            Optional<Map<TopicPartition, OffsetAndMetadata>> offsets =
                    deadline.awaitUnlessDeleted(commits.partitionsToOffsetAndMetadata(entry.getKey()));
            // A group deleted since it was listed is described as Dead rather than failing.
            boolean exists = membership.isPresent() && !membership.get().state().equals(DEAD);
            if (exists && offsets.isPresent()) {
                groups.add(new GroupCommits(entry.getKey(), membership.get().state(), membership.get().members(),
                        committedOffsets(offsets.get())));
            }
        }
        return groups;
    }

    /**
     * The groups as snapshots: one offset for each partition of each topic a group has committed
     * on, {@code null} where it has not, so a partition the group never read shows as "no offset"
     * rather than missing. Partitions whose log offsets are unknown (offline, or deleted during
     * the read) are left out: their lag cannot be told.
     */
    static List<GroupSnapshot> snapshots(List<GroupCommits> groups, TopicLayout layout,
            Map<TopicPartition, OffsetRange> offsets) {
        // Many groups read the same topics: look each partition's offsets up once, not once per group.
        Map<String, List<Map.Entry<TopicPartition, OffsetRange>>> known = new HashMap<>();
        List<GroupSnapshot> snapshots = new ArrayList<>();
        for (GroupCommits group : groups) {
            List<GroupOffset> groupOffsets = new ArrayList<>();
            for (String topic : new TreeSet<>(group.topics())) {
                for (Map.Entry<TopicPartition, OffsetRange> partition
                        : known.computeIfAbsent(topic, name -> knownOffsets(name, layout, offsets))) {
                    OffsetRange range = partition.getValue();
                    groupOffsets.add(new GroupOffset(topic, partition.getKey().partition(),
                            group.committed().get(partition.getKey()), range.start(), range.end()));
                }
            }
            snapshots.add(new GroupSnapshot(group.group(), group.state(), group.members(), groupOffsets));
        }
        return snapshots;
    }

    /** The partitions of a visible topic whose log offsets are known, in partition order. */
    private static List<Map.Entry<TopicPartition, OffsetRange>> knownOffsets(String topic, TopicLayout layout,
            Map<TopicPartition, OffsetRange> offsets) {
        TopicDescription description = layout.topics().get(topic);
        if (description == null || description.isInternal()) {
            return List.of();
        }
        List<Map.Entry<TopicPartition, OffsetRange>> known = new ArrayList<>();
        for (TopicPartitionInfo info : description.partitions()) {
            TopicPartition partition = new TopicPartition(topic, info.partition());
            OffsetRange range = offsets.get(partition);
            if (range != null) {
                known.add(Map.entry(partition, range));
            }
        }
        return known;
    }

    /** Members of the groups that committed on each topic: the topic's consumers as far as Kafka tells. */
    static Map<String, Integer> consumersByTopic(List<GroupCommits> groups) {
        Map<String, Integer> consumers = new HashMap<>();
        for (GroupCommits group : groups) {
            group.topics().forEach(topic -> consumers.merge(topic, group.members(), Integer::sum));
        }
        return consumers;
    }

    private static Map<TopicPartition, Long> committedOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        // A partition asked for by name but never committed answers null.
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }
}
