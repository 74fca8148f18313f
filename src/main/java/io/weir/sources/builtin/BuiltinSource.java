package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.DiskStatus;
import io.weir.broker.GroupConfig;
import io.weir.broker.GroupDescription;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicConfig;
import io.weir.broker.TopicDescription;
import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.ObjectSettings;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.sources.BrokerSource;
import io.weir.sources.NextRecordTimestamps;
import io.weir.sources.NextRecordTimestamps.Position;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the built-in broker of this process through its Java API: its topics with partitions and
 * sizes, and every consumer group with committed offsets and in-flight deliveries. The broker's
 * dead-letter topics ({@code <topic>.<group>.dlq}) are reported as dead-letter queues, each named
 * by the group it belongs to. For groups that lag, the timestamp of the next message to consume is
 * read from the log in the background, within the source's budget, for the next poll
 * ({@link NextRecordTimestamps}). The broker is part of Weir, so its version is Weir's, and it has
 * no network address: the source's address is its data directory.
 */
public final class BuiltinSource implements BrokerSource {

    private static final String NODE = "embedded";
    private static final double MIB = 1 << 20;
    /** Weir's version as its build recorded it; classes run outside a Quarkus build have none. */
    private static final String VERSION = ConfigProvider.getConfig()
            .getOptionalValue("quarkus.application.version", String.class).orElse("development build");

    private final SourceSettings settings;
    private final Supplier<Optional<Broker>> broker;
    private final Path directory;
    private final NextRecordTimestamps nextRecords;

    /**
     * @param broker the running broker, empty while it is not open
     * @param directory where the broker keeps its data (its disk is reported as the node's)
     */
    public BuiltinSource(SourceSettings settings, Supplier<Optional<Broker>> broker, Path directory) {
        this.settings = settings.withAddress(directory.toAbsolutePath().toString());
        this.broker = broker;
        this.directory = directory;
        this.nextRecords = new NextRecordTimestamps(settings.name(), settings.lagTimestampReads(),
                positions -> broker.get().map(open -> timestamps(open, positions)).orElse(Map.of()));
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        Broker broker = this.broker.get().orElseThrow(() -> new SourceUnavailableException(
                "the built-in broker at " + settings.address() + " is not running (weir.broker.enabled=false, or it failed to open)"));
        List<String> deadLetterTopics = new ArrayList<>();
        List<GroupSnapshot> groups = new ArrayList<>();
        List<TopicDescription> topics = new ArrayList<>();
        Map<String, Map<String, String>> groupSettings = new HashMap<>();
        for (String name : broker.topics()) {
            TopicDescription topic = broker.describeTopic(name);
            topics.add(topic);
            for (GroupDescription group : broker.groups(name)) {
                deadLetterTopics.add(group.deadLetterTopic());
                groups.add(group(group, topic));
                groupSettings.put(group.group(), settings(group.config()));
            }
        }
        List<QueueSnapshot> queues = topics.stream()
                .map(topic -> queue(topic, deadLetterTopics.contains(topic.name()), groups))
                .toList();
        Map<String, Map<String, String>> topicSettings = new HashMap<>();
        topics.forEach(topic -> topicSettings.put(topic.name(), settings(topic.config())));
        return new BrokerSnapshot(health(directory, broker.disk(), topics), queues,
                nextRecords.fill(groups), new ObjectSettings(topicSettings, groupSettings, List.of()));
    }

    /** A topic's settings under the keys of {@link ObjectSettings}. */
    static Map<String, String> settings(TopicConfig config) {
        return Map.of("flush-policy", config.log().flushPolicy().name().toLowerCase(Locale.ROOT),
                "dedup-max-ids", Integer.toString(config.dedupMaxIds()),
                "dedup-window", config.dedupWindow().toString(),
                "max-messages", Long.toString(config.maxMessages()),
                "max-bytes", Long.toString(config.maxBytes()));
    }

    /** A group's settings under the keys of {@link ObjectSettings}. */
    static Map<String, String> settings(GroupConfig config) {
        return Map.of("mode", config.mode().name().toLowerCase(Locale.ROOT),
                "max-attempts", Integer.toString(config.maxAttempts()));
    }

    /** The broker keeps no word on whose clock stamped a message: it may be the producer's. */
    private static Map<Position, RecordTimestamp> timestamps(Broker broker, List<Position> positions) {
        Map<Position, RecordTimestamp> found = new HashMap<>();
        for (Position position : positions) {
            try {
                broker.timestampAt(position.topic(), position.partition(), position.offset()).ifPresent(at ->
                        found.put(position, new RecordTimestamp(at, RecordTimestamp.Clock.PRODUCER)));
            } catch (RuntimeException e) {
                // Deleted since it was listed, or its storage failed: that partition's lag is estimated instead.
            }
        }
        return found;
    }

    /**
     * The node's disk against the broker's free-space limit (below it producers are refused: a
     * disk alarm, as RabbitMQ raises one), and partitions whose storage failed, which accept no
     * publishes until Weir restarts: offline partitions, named in an alarm.
     */
    static ClusterHealth health(Path directory, DiskStatus disk, List<TopicDescription> topics) {
        List<String> nodeAlarms = disk.publishesRefused() ? List.of("disk") : List.of();
        NodeSnapshot node = new NodeSnapshot(NODE, directory.toAbsolutePath().toString(), true, nodeAlarms, -1, -1,
                disk.freeBytes(), disk.minFreeBytes() > 0 ? disk.minFreeBytes() : -1, -1, -1, -1, -1);
        List<String> alarms = new ArrayList<>();
        if (disk.publishesRefused()) {
            alarms.add(String.format("disk alarm: less free space than the broker's limit of %.0f MiB; publishes are"
                    + " refused until disk space is freed", disk.minFreeBytes() / MIB));
        }
        List<String> failed = topics.stream()
                .flatMap(t -> t.partitions().stream().filter(PartitionDescription::storageFailed)
                        .map(p -> t.name() + "/" + p.partition()))
                .toList();
        if (!failed.isEmpty()) {
            alarms.add("storage failed on " + String.join(", ", failed.subList(0, Math.min(failed.size(), 5)))
                    + (failed.size() > 5 ? " and " + (failed.size() - 5) + " more" : "")
                    + ": they accept no publishes until Weir restarts (see its log for the disk error)");
        }
        return new ClusterHealth("weir-builtin", VERSION, NODE, List.of(node), 0, 0, failed.size(), alarms, Map.of());
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
        return new GroupSnapshot(group.group(), state + " · " + group.config().mode().name().toLowerCase(Locale.ROOT)
                + (group.inFlight() > 0 ? " · " + group.inFlight() + " in flight" : ""), group.members().size(), offsets,
                group.deadLetterTopic());
    }

    /** Stops reading timestamps; the broker belongs to the process that opened it, not to this source. */
    @Override
    public void close() {
        nextRecords.close();
    }
}
