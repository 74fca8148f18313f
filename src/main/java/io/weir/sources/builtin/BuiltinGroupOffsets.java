package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.GroupDescription;
import io.weir.broker.OffsetResetPlan;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicDescription;
import io.weir.broker.UnknownGroupException;
import io.weir.broker.UnknownTopicException;
import io.weir.core.PartitionRef;
import io.weir.sources.GroupOffsets;
import io.weir.sources.SourceUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The built-in broker's group offsets through its Java API. A built-in group belongs to one
 * topic; a group name used on several topics is treated as one group over those topics, as Kafka
 * groups span topics. Committing creates an ordered group on a topic where the name has none. The
 * broker refuses a commit while the group has active consumers.
 */
final class BuiltinGroupOffsets implements GroupOffsets {

    private final Supplier<Optional<Broker>> broker;

    BuiltinGroupOffsets(Supplier<Optional<Broker>> broker) {
        this.broker = broker;
    }

    @Override
    public GroupPosition describe(String group, Set<String> topics) throws SourceUnavailableException {
        Broker b = broker();
        Set<String> wanted = new LinkedHashSet<>(topics);
        if (wanted.isEmpty()) {
            b.topics().stream().filter(topic -> find(b, topic, group).isPresent()).forEach(wanted::add);
        }
        List<Member> members = new ArrayList<>();
        List<PartitionPosition> positions = new ArrayList<>();
        String state = "Empty";
        for (String topic : wanted) {
            TopicDescription description = topic(b, topic);
            Optional<GroupDescription> groupOnTopic = find(b, topic, group);
            groupOnTopic.ifPresent(g -> g.members().forEach(id -> members.add(new Member(id, id, ""))));
            for (PartitionDescription partition : description.partitions()) {
                Long committed = groupOnTopic.map(g -> g.committed().get(partition.partition())).orElse(null);
                positions.add(new PartitionPosition(new PartitionRef(topic, partition.partition()), committed,
                        partition.startOffset(), partition.endOffset()));
            }
        }
        if (!members.isEmpty()) {
            state = "Stable";
        }
        positions.sort((x, y) -> x.partition().compareTo(y.partition()));
        return new GroupPosition(group, state, members, positions);
    }

    @Override
    public Map<PartitionRef, Long> offsetsAt(Collection<PartitionRef> partitions, Instant time) throws SourceUnavailableException {
        Broker b = broker();
        Map<PartitionRef, Long> offsets = new HashMap<>();
        for (PartitionRef partition : partitions) {
            try {
                offsets.put(partition, b.offsetAt(partition.topic(), partition.partition(), time));
            } catch (UnknownTopicException | IllegalArgumentException e) {
                throw new SourceUnavailableException(e.getMessage(), e);
            }
        }
        return offsets;
    }

    @Override
    public void commit(String group, Map<PartitionRef, Long> offsets) throws SourceUnavailableException {
        Broker b = broker();
        Map<String, List<OffsetResetPlan.PartitionReset>> byTopic = new TreeMap<>();
        offsets.forEach((partition, offset) -> byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                .add(new OffsetResetPlan.PartitionReset(partition.partition(), offset, offset, false)));
        for (Map.Entry<String, List<OffsetResetPlan.PartitionReset>> topic : byTopic.entrySet()) {
            try {
                if (find(b, topic.getKey(), group).isEmpty()) {
                    b.createGroup(topic.getKey(), group, GroupConfig.ordered());
                }
                b.applyOffsetReset(new OffsetResetPlan(topic.getKey(), group, topic.getValue()));
            } catch (IllegalStateException e) {
                throw new SourceUnavailableException("the built-in broker refused the commit: " + e.getMessage(), e);
            } catch (IOException | UnknownTopicException e) {
                throw new SourceUnavailableException("the built-in broker could not commit on " + topic.getKey() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static Optional<GroupDescription> find(Broker b, String topic, String group) {
        try {
            return Optional.of(b.describeGroup(topic, group));
        } catch (UnknownGroupException e) {
            return Optional.empty();
        }
    }

    private static TopicDescription topic(Broker b, String topic) throws SourceUnavailableException {
        try {
            return b.describeTopic(topic);
        } catch (UnknownTopicException e) {
            throw new SourceUnavailableException("the built-in broker has no topic " + topic, e);
        }
    }

    private Broker broker() throws SourceUnavailableException {
        return broker.get().orElseThrow(() -> new SourceUnavailableException(
                "the built-in broker is not running (weir.broker.enabled=false)"));
    }

    @Override
    public void close() {
        // The broker belongs to the process, not to this view of it.
    }
}
