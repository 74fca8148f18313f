package io.weir.advisor;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.ObjectSettings;
import io.weir.core.ObjectSettings.ConsumerSettings;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builds snapshots of one source for the checks: topics, queues, groups, consumers and their settings. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final SourceKind kind;
    private final int brokers;
    private final List<QueueSnapshot> queues = new ArrayList<>();
    private final List<GroupSnapshot> groups = new ArrayList<>();
    private final Map<String, Map<String, String>> queueSettings = new HashMap<>();
    private final Map<String, Map<String, String>> groupSettings = new HashMap<>();
    private final List<ConsumerSettings> consumers = new ArrayList<>();
    private final Map<String, Duration> worstLag = new HashMap<>();
    private final Map<String, Duration> undrained = new HashMap<>();

    private Fixtures(SourceKind kind, int brokers) {
        this.kind = kind;
        this.brokers = brokers;
    }

    static Fixtures kafka(int brokers) {
        return new Fixtures(SourceKind.KAFKA, brokers);
    }

    static Fixtures rabbitmq() {
        return new Fixtures(SourceKind.RABBITMQ, 1);
    }

    static Fixtures builtin() {
        return new Fixtures(SourceKind.BUILTIN, 1);
    }

    /** A Kafka or built-in topic with that replication factor and messages, and settings as key, value pairs. */
    Fixtures topic(String name, int replicas, long messages, int consumers, String... settings) {
        List<Integer> ids = IntStream.range(0, replicas).boxed().toList();
        queues.add(new QueueSnapshot(name, null, QueueSnapshot.QueueKind.TOPIC, name.endsWith(".dlq"),
                List.of(new PartitionSnapshot(0, 0, messages, 0, ids, ids)), messages, -1, -1, 0, null, null, consumers));
        queueSettings.put(name, pairs(settings));
        return this;
    }

    /** A RabbitMQ queue in vhost {@code /}: its qualified name is {@code //name}. */
    Fixtures queue(String name, long messages, int consumers, String... settings) {
        queues.add(new QueueSnapshot(name, "/", QueueSnapshot.QueueKind.QUEUE, name.endsWith(".dlq"), List.of(), messages,
                messages, 0, 0, null, null, consumers));
        queueSettings.put("//" + name, pairs(settings));
        return this;
    }

    Fixtures consumer(String queue, String tag, boolean ackRequired, int prefetch) {
        consumers.add(new ConsumerSettings("//" + queue, tag, "channel", ackRequired, prefetch));
        return this;
    }

    Fixtures group(String group, int members, List<GroupSnapshot.GroupOffset> offsets, String... settings) {
        groups.add(new GroupSnapshot(group, members > 0 ? "Stable" : "Empty", members, offsets));
        groupSettings.put(group, pairs(settings));
        return this;
    }

    Fixtures worstLag(String topic, Duration lag) {
        worstLag.put(topic, lag);
        return this;
    }

    Fixtures undrained(String queue, Duration since) {
        undrained.put(queue, since);
        return this;
    }

    static GroupSnapshot.GroupOffset offset(String topic, Long committed, long start, long end) {
        return new GroupSnapshot.GroupOffset(topic, 0, committed, start, end);
    }

    SourceSnapshot snapshot() {
        List<NodeSnapshot> nodes = IntStream.range(0, brokers).mapToObj(i -> NodeSnapshot.basic("" + i, "host" + i, true)).toList();
        ClusterHealth health = new ClusterHealth("cluster", "1", null, nodes, 0, 0, 0, List.of(), Map.of());
        return SourceSnapshot.up("src", kind, "broker:9092", NOW, Duration.ofMillis(5), new BrokerSnapshot(health, queues,
                groups, new ObjectSettings(queueSettings, groupSettings, consumers)));
    }

    CheckInput input() {
        return new CheckInput(snapshot(), worstLag, undrained, Thresholds.DEFAULTS);
    }

    List<Finding> run() {
        return Checks.run(input());
    }

    /** The findings of one check on one object. */
    List<Finding> findings(String object, String check) {
        return run().stream().filter(f -> f.object().equals(object) && f.check().equals(check)).toList();
    }

    /** The checks that found something on the object. */
    List<String> checksOn(String object) {
        return run().stream().filter(f -> f.object().equals(object)).map(Finding::check).toList();
    }

    private static Map<String, String> pairs(String... settings) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return map;
    }
}
