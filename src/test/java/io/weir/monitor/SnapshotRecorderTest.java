package io.weir.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesStore;
import io.weir.monitor.lag.LagTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SnapshotRecorder recorder =
            new SnapshotRecorder(new MonitorMetrics(registry), new SeriesStore(Duration.ofHours(1), 100, 1000), new LagTracker());

    @Test
    void upSourceExportsHealthBacklogAndLag() {
        recorder.record(up(T0, topic("orders", 100, 160), group("billing", "orders", 150L, 100, 160)));
        assertThat(gauge("weir_source_up", "source", "prod")).isEqualTo(1.0);
        assertThat(gauge("weir_node_up", "node", "1")).isEqualTo(1.0);
        assertThat(gauge("weir_queue_messages", "queue", "orders")).isEqualTo(60.0);
        assertThat(gauge("weir_consumergroup_lag_messages", "group", "billing")).isEqualTo(10.0);
        assertThat(gauge("weir_consumergroup_members", "group", "billing")).isEqualTo(2.0);
        assertThat(registry.find("weir_queue_published_total").gauge()).as("history-only series").isNull();
    }

    @Test
    void topicRatesComeFromTheIncreaseOfOffsetsBetweenPolls() {
        recorder.record(up(T0, topic("orders", 0, 1000), group("billing", "orders", 900L, 0, 1000)));
        recorder.record(up(T0.plusSeconds(10), topic("orders", 0, 1500), group("billing", "orders", 1300L, 0, 1500)));
        assertThat(gauge("weir_queue_publish_rate", "queue", "orders")).isEqualTo(50.0);
        assertThat(gauge("weir_queue_deliver_rate", "queue", "orders")).isEqualTo(40.0);
    }

    @Test
    void lagInSecondsAndStatusComeFromTheRecordedHistory() {
        recorder.record(up(T0, topic("orders", 0, 1000), group("billing", "orders", 500L, 0, 1000)));
        recorder.record(up(T0.plusSeconds(10), topic("orders", 0, 2000), group("billing", "orders", 500L, 0, 2000)));
        recorder.record(up(T0.plusSeconds(20), topic("orders", 0, 3000), group("billing", "orders", 500L, 0, 3000)));
        assertThat(gauge("weir_consumergroup_lag_seconds", "group", "billing")).as("extrapolated back before T0").isEqualTo(25.0);
        assertThat(gauge("weir_consumergroup_status", "group", "billing")).as("STALLED").isEqualTo(2.0);
    }

    @Test
    void failedPollLeavesOnlySourceUpZeroAndNoGhosts() {
        recorder.record(up(T0, topic("orders", 0, 10), group("billing", "orders", 5L, 0, 10)));
        recorder.record(SourceSnapshot.down("prod", SourceKind.KAFKA, "k:9092", T0.plusSeconds(10), Duration.ofSeconds(5),
                "no answer"));
        assertThat(gauge("weir_source_up", "source", "prod")).isEqualTo(0.0);
        assertThat(registry.find("weir_queue_messages").gauges()).isEmpty();
        assertThat(registry.find("weir_consumergroup_lag_messages").gauges()).isEmpty();
        assertThat(recorder.history().keys(key -> key.name().equals("weir_queue_messages"))).isEmpty();
    }

    @Test
    void queuesThatDisappearStopBeingReported() {
        recorder.record(up(T0, topic("orders", 0, 10), topic("old", 0, 5)));
        recorder.record(up(T0.plusSeconds(10), topic("orders", 0, 10)));
        assertThat(registry.find("weir_queue_messages").gauges()).hasSize(1);
        assertThat(recorder.history().keys(key -> "old".equals(key.label("queue")))).isEmpty();
    }

    @Test
    void messageLimitIsExportedOnlyForQueuesThatHaveOne() {
        QueueSnapshot bounded = new QueueSnapshot("bounded", "/", QueueSnapshot.QueueKind.QUEUE, false, List.of(),
                40, 40, 0, -1, null, null, 1, 1000);
        recorder.record(up(T0, bounded, topic("orders", 0, 10)));
        assertThat(gauge("weir_queue_message_limit", "queue", "bounded")).isEqualTo(1000.0);
        assertThat(registry.find("weir_queue_message_limit").tag("queue", "orders").gauge()).isNull();
    }

    @Test
    void partitionWithoutCommitIsNoOffsetNotLag() {
        GroupSnapshot noCommit = new GroupSnapshot("new-group", "Empty", 0,
                List.of(new GroupSnapshot.GroupOffset("orders", 0, null, 0, 500)));
        recorder.record(up(T0, topic("orders", 0, 500), noCommit));
        assertThat(registry.find("weir_consumergroup_lag_messages").tag("group", "new-group").gauge()).isNull();
    }

    @Test
    void seriesPerPartitionAreRecordedOnlyForTheSourcesThatAskForThem() {
        SnapshotRecorder withPartitions = new SnapshotRecorder(new MonitorMetrics(registry),
                new SeriesStore(Duration.ofHours(1), 100, 1000), new LagTracker(), Set.of("prod"));
        withPartitions.record(up(T0, topic("orders", 100, 160), group("billing", "orders", 150L, 100, 160)));
        withPartitions.record(SourceSnapshot.up("staging", SourceKind.KAFKA, "s:9092", T0, Duration.ofMillis(20),
                up(T0, topic("orders", 0, 10), group("billing", "orders", 5L, 0, 10)).broker()));

        assertThat(registry.find("weir_partition_messages").tags("source", "prod", "topic", "orders", "partition", "0")
                .gauge().value()).isEqualTo(60.0);
        assertThat(registry.find("weir_partition_lag_messages").tags("source", "prod", "group", "billing",
                "topic", "orders", "partition", "0").gauge().value()).isEqualTo(10.0);
        assertThat(registry.find("weir_partition_messages").tag("source", "staging").gauges()).isEmpty();
        assertThat(registry.find("weir_partition_lag_messages").tag("source", "staging").gauges()).isEmpty();
        assertThat(gauge("weir_queue_messages", "source", "staging")).as("the usual series stay").isEqualTo(10.0);
    }

    private double gauge(String name, String tag, String value) {
        Gauge gauge = registry.find(name).tag(tag, value).gauge();
        assertThat(gauge).as(name + "{" + tag + "=" + value + "}").isNotNull();
        return gauge.value();
    }

    private static SourceSnapshot up(Instant at, Object... parts) {
        List<QueueSnapshot> queues = java.util.Arrays.stream(parts).filter(QueueSnapshot.class::isInstance)
                .map(QueueSnapshot.class::cast).toList();
        List<GroupSnapshot> groups = java.util.Arrays.stream(parts).filter(GroupSnapshot.class::isInstance)
                .map(GroupSnapshot.class::cast).toList();
        ClusterHealth health = new ClusterHealth("c1", "4.3", "1", List.of(NodeSnapshot.basic("1", "k:9092", true)),
                0, 0, 0, List.of(), Map.of());
        return SourceSnapshot.up("prod", SourceKind.KAFKA, "k:9092", at, Duration.ofMillis(20),
                new BrokerSnapshot(health, queues, groups));
    }

    private static QueueSnapshot topic(String name, long start, long end) {
        return new QueueSnapshot(name, null, QueueSnapshot.QueueKind.TOPIC, false,
                List.of(new PartitionSnapshot(0, start, end, 1, List.of(1), List.of(1))),
                end - start, -1, -1, -1, null, null, 0);
    }

    private static GroupSnapshot group(String group, String topic, Long committed, long start, long end) {
        return new GroupSnapshot(group, "Stable", 2, List.of(new GroupSnapshot.GroupOffset(topic, 0, committed, start, end)));
    }
}
