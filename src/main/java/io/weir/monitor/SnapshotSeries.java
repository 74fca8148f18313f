package io.weir.monitor;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one snapshot into the values of the series Weir exports and keeps in its history, named
 * as in {@link MonitorMetrics}. A failed poll yields only {@code weir_source_up 0}: never zeros
 * that would look like an empty, healthy broker. Series per partition are added only when asked
 * for: they multiply the series count by the partitions.
 */
final class SnapshotSeries {

    private final Map<SeriesKey, Double> values = new LinkedHashMap<>();
    private final String source;
    private final boolean partitionSeries;

    private SnapshotSeries(String source, boolean partitionSeries) {
        this.source = source;
        this.partitionSeries = partitionSeries;
    }

    static Map<SeriesKey, Double> of(SourceSnapshot snapshot, boolean partitionSeries) {
        SnapshotSeries series = new SnapshotSeries(snapshot.source(), partitionSeries);
        series.put(MonitorMetrics.SOURCE_UP, snapshot.isUp() ? 1 : 0, "kind", snapshot.kind().configName());
        if (snapshot.isUp()) {
            series.addBroker(snapshot.broker());
        }
        return series.values;
    }

    private void addBroker(BrokerSnapshot broker) {
        ClusterHealth health = broker.health();
        for (NodeSnapshot node : health.nodes()) {
            put(MonitorMetrics.NODE_UP, node.up() ? 1 : 0, "node", node.id());
            put(MonitorMetrics.NODE_ALARMS, node.alarms().size(), "node", node.id());
        }
        put(MonitorMetrics.UNDER_REPLICATED, health.underReplicatedPartitions());
        put(MonitorMetrics.UNDER_MIN_ISR, health.underMinIsrPartitions());
        put(MonitorMetrics.OFFLINE_PARTITIONS, health.offlinePartitions());
        for (QueueSnapshot queue : broker.queues()) {
            addQueue(queue);
        }
        for (GroupSnapshot group : broker.groups()) {
            put(MonitorMetrics.GROUP_MEMBERS, group.members(), "group", group.group());
            Map<String, long[]> byTopic = new TreeMap<>();
            for (GroupSnapshot.GroupOffset offset : group.offsets()) {
                if (partitionSeries && offset.lag() != null) {
                    put(MonitorMetrics.PARTITION_LAG_MESSAGES, offset.lag(), "group", group.group(), "topic", offset.topic(),
                            "partition", Integer.toString(offset.partition()));
                }
                long[] lagAndCommitted = byTopic.computeIfAbsent(offset.topic(), t -> new long[] {-1, 0});
                if (offset.lag() != null) {
                    lagAndCommitted[0] = Math.max(0, lagAndCommitted[0]) + offset.lag();
                    lagAndCommitted[1] += offset.committedOffset();
                }
            }
            byTopic.forEach((topic, lagAndCommitted) -> {
                if (lagAndCommitted[0] >= 0) {
                    put(MonitorMetrics.GROUP_LAG_MESSAGES, lagAndCommitted[0], "group", group.group(), "topic", topic);
                    put(MonitorMetrics.GROUP_COMMITTED, lagAndCommitted[1], "group", group.group(), "topic", topic);
                }
            });
        }
    }

    private void addQueue(QueueSnapshot queue) {
        String vhost = queue.namespace() == null ? "" : queue.namespace();
        String[] labels = {"vhost", vhost, "queue", queue.name()};
        put(MonitorMetrics.QUEUE_MESSAGES, queue.messages(), labels);
        if (queue.messagesReady() >= 0) {
            put(MonitorMetrics.QUEUE_MESSAGES_READY, queue.messagesReady(), labels);
        }
        if (queue.messagesUnacked() >= 0) {
            put(MonitorMetrics.QUEUE_MESSAGES_UNACKED, queue.messagesUnacked(), labels);
        }
        if (queue.consumers() >= 0) {
            put(MonitorMetrics.QUEUE_CONSUMERS, queue.consumers(), labels);
        }
        if (queue.sizeBytes() >= 0) {
            put(MonitorMetrics.QUEUE_SIZE_BYTES, queue.sizeBytes(), labels);
        }
        if (queue.messageLimit() >= 0) {
            put(MonitorMetrics.QUEUE_MESSAGE_LIMIT, queue.messageLimit(), labels);
        }
        if (queue.publishRate() != null) {
            put(MonitorMetrics.QUEUE_PUBLISH_RATE, queue.publishRate(), labels);
        }
        if (queue.deliverRate() != null) {
            put(MonitorMetrics.QUEUE_DELIVER_RATE, queue.deliverRate(), labels);
        }
        if (!queue.partitions().isEmpty()) {
            long published = queue.partitions().stream().mapToLong(p -> p.endOffset()).sum();
            put(MonitorMetrics.QUEUE_PUBLISHED_TOTAL, published, labels);
        }
        if (queue.deadLetter()) {
            put(MonitorMetrics.DLQ_MESSAGES, queue.messages(), labels);
        }
        if (partitionSeries) {
            for (PartitionSnapshot partition : queue.partitions()) {
                if (partition.endOffset() >= 0) {
                    put(MonitorMetrics.PARTITION_MESSAGES, partition.messages(), "topic", queue.name(),
                            "partition", Integer.toString(partition.partition()));
                }
            }
        }
    }

    private void put(String name, double value, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("source", source);
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        values.put(new SeriesKey(name, new TreeMap<>(labels)), value);
    }
}
