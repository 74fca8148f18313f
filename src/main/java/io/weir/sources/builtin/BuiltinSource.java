package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.GroupDescription;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicDescription;
import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the built-in broker of this process through its Java API: its topics with partitions and
 * sizes, and every consumer group with committed offsets and in-flight deliveries. The broker's
 * dead-letter topics ({@code <topic>.<group>.dlq}) are reported as dead-letter queues.
 */
public final class BuiltinSource implements BrokerSource {

    private static final String NODE = "embedded";

    private final SourceSettings settings;
    private final Supplier<Optional<Broker>> broker;
    private final Path directory;

    /**
     * @param broker the running broker, empty while it is not open
     * @param directory where the broker keeps its data (its disk is reported as the node's)
     */
    public BuiltinSource(SourceSettings settings, Supplier<Optional<Broker>> broker, Path directory) {
        this.settings = settings;
        this.broker = broker;
        this.directory = directory;
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException {
        Broker broker = this.broker.get().orElseThrow(() -> new SourceUnavailableException(
                "the built-in broker at " + settings.address() + " is not running (weir.broker.enabled=false, or it failed to open)"));
        List<String> deadLetterTopics = new ArrayList<>();
        List<GroupSnapshot> groups = new ArrayList<>();
        List<TopicDescription> topics = new ArrayList<>();
        for (String name : broker.topics()) {
            TopicDescription topic = broker.describeTopic(name);
            topics.add(topic);
            for (GroupDescription group : broker.groups(name)) {
                deadLetterTopics.add(group.deadLetterTopic());
                groups.add(group(group, topic));
            }
        }
        List<QueueSnapshot> queues = topics.stream()
                .map(topic -> queue(topic, deadLetterTopics.contains(topic.name()), groups))
                .toList();
        return new BrokerSnapshot(health(), queues, groups);
    }

    private ClusterHealth health() throws SourceUnavailableException {
        long free;
        try {
            FileStore store = Files.getFileStore(directory);
            free = store.getUsableSpace();
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot read the disk of " + directory + ": " + e.getMessage(), e);
        }
        NodeSnapshot node = new NodeSnapshot(NODE, directory.toAbsolutePath().toString(), true, List.of(),
                -1, -1, free, -1, -1, -1, -1, -1);
        return new ClusterHealth("weir-builtin", "embedded", NODE, List.of(node), 0, 0, 0, List.of(), Map.of());
    }

    private static QueueSnapshot queue(TopicDescription topic, boolean deadLetter, List<GroupSnapshot> groups) {
        List<PartitionSnapshot> partitions = topic.partitions().stream()
                .map(p -> new PartitionSnapshot(p.partition(), p.startOffset(), p.endOffset(), 0, List.of(0), List.of(0)))
                .toList();
        int consumers = groups.stream().filter(g -> g.offsets().stream().anyMatch(o -> o.topic().equals(topic.name())))
                .mapToInt(GroupSnapshot::members).sum();
        long limit = topic.config().maxMessages() > 0 ? topic.config().maxMessages() : -1;
        return new QueueSnapshot(topic.name(), null, QueueSnapshot.QueueKind.TOPIC, deadLetter, partitions,
                topic.messages(), -1, -1, topic.sizeBytes(), null, null, consumers, limit);
    }

    private static GroupSnapshot group(GroupDescription group, TopicDescription topic) {
        List<GroupSnapshot.GroupOffset> offsets = new ArrayList<>();
        for (PartitionDescription partition : topic.partitions()) {
            offsets.add(new GroupSnapshot.GroupOffset(topic.name(), partition.partition(),
                    group.committed().get(partition.partition()), partition.startOffset(), partition.endOffset()));
        }
        String state = group.members().isEmpty() ? "Empty" : "Stable";
        return new GroupSnapshot(group.group(), state + " · " + group.config().mode().name().toLowerCase(java.util.Locale.ROOT)
                + (group.inFlight() > 0 ? " · " + group.inFlight() + " in flight" : ""), group.members().size(), offsets);
    }

    @Override
    public void close() {
        // The broker belongs to the process that opened it, not to this source.
    }
}
