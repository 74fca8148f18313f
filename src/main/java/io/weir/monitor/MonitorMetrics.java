package io.weir.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every metric the monitor exports is named here, and documented in the README's metrics table
 * (alerting names its own in {@code alerting.AlertingMetrics}, the built-in broker its fsync
 * counters in {@code EmbeddedBroker}: the broker imports nothing else from Weir). The names are Prometheus names: the history and alert rules use the
 * same ones. Label values come from configuration and from the brokers' object names, and a
 * source's series are replaced wholesale on every poll, so objects that disappear leave no ghost
 * series.
 */
@ApplicationScoped
public class MonitorMetrics {

    public static final String SOURCE_UP = "weir_source_up";
    /** A summary (Micrometer timer) named {@code weir.source.poll.duration}, in seconds. */
    static final String SOURCE_POLL_DURATION = "weir.source.poll.duration";
    public static final String NODE_UP = "weir_node_up";
    public static final String NODE_ALARMS = "weir_node_alarms";
    public static final String UNDER_REPLICATED = "weir_cluster_under_replicated_partitions";
    public static final String UNDER_MIN_ISR = "weir_cluster_under_min_isr_partitions";
    public static final String OFFLINE_PARTITIONS = "weir_cluster_offline_partitions";
    public static final String QUEUE_MESSAGES = "weir_queue_messages";
    public static final String QUEUE_MESSAGES_READY = "weir_queue_messages_ready";
    public static final String QUEUE_MESSAGES_UNACKED = "weir_queue_messages_unacked";
    public static final String QUEUE_CONSUMERS = "weir_queue_consumers";
    public static final String QUEUE_SIZE_BYTES = "weir_queue_size_bytes";
    public static final String QUEUE_MESSAGE_LIMIT = "weir_queue_message_limit";
    public static final String QUEUE_PUBLISH_RATE = "weir_queue_publish_rate";
    public static final String QUEUE_DELIVER_RATE = "weir_queue_deliver_rate";
    public static final String DLQ_MESSAGES = "weir_dlq_messages";
    public static final String GROUP_LAG_MESSAGES = "weir_consumergroup_lag_messages";
    public static final String GROUP_LAG_SECONDS = "weir_consumergroup_lag_seconds";
    public static final String GROUP_STATUS = "weir_consumergroup_status";
    public static final String GROUP_MEMBERS = "weir_consumergroup_members";
    /** Only for sources with {@code partition-metrics=true}. */
    public static final String PARTITION_MESSAGES = "weir_partition_messages";
    /** Only for sources with {@code partition-metrics=true}. */
    public static final String PARTITION_LAG_MESSAGES = "weir_partition_lag_messages";
    /**
     * The reliability advisor's unacknowledged findings per source, severity and check, recorded
     * by the advisor through {@link #recordAdvisorFindings}.
     */
    public static final String ADVISOR_FINDINGS = "weir_advisor_findings";
    /** History only (a broker counter, not exported): sum of a topic's end offsets, for its publish rate. */
    static final String QUEUE_PUBLISHED_TOTAL = "weir_queue_published_total";
    /** History only: sum of a group's committed offsets on a topic, for the topic's deliver rate. */
    public static final String GROUP_COMMITTED = "weir_consumergroup_committed_total";

    private static final Map<String, String> EXPORTED = Map.ofEntries(
            Map.entry(SOURCE_UP, "1 when the last poll of the source succeeded, 0 when it failed"),
            Map.entry(NODE_UP, "1 when the broker node is running, 0 when the cluster reports it down"),
            Map.entry(NODE_ALARMS, "Resource alarms (memory, disk) active on the node; the broker blocks or refuses publishers meanwhile"),
            Map.entry(UNDER_REPLICATED, "Partitions with fewer in-sync replicas than replicas"),
            Map.entry(UNDER_MIN_ISR, "Partitions with fewer in-sync replicas than min.insync.replicas"),
            Map.entry(OFFLINE_PARTITIONS, "Partitions without a leader, or whose storage failed (built-in broker)"),
            Map.entry(QUEUE_MESSAGES, "Backlog: messages in the topic (log end minus start) or queue (ready plus unacked)"),
            Map.entry(QUEUE_MESSAGES_READY, "Queue messages waiting for a consumer"),
            Map.entry(QUEUE_MESSAGES_UNACKED, "Queue messages delivered and not yet acknowledged"),
            Map.entry(QUEUE_CONSUMERS, "Consumers attached to the queue, or members of groups reading the topic"),
            Map.entry(QUEUE_SIZE_BYTES, "Bytes held by the topic or queue"),
            Map.entry(QUEUE_MESSAGE_LIMIT, "Most messages the broker lets the queue or topic hold (only where it has a limit)"),
            Map.entry(QUEUE_PUBLISH_RATE, "Messages per second published to the topic or queue"),
            Map.entry(QUEUE_DELIVER_RATE, "Messages per second delivered to consumers"),
            Map.entry(DLQ_MESSAGES, "Messages in a dead-letter queue or topic"),
            Map.entry(GROUP_LAG_MESSAGES, "Messages of the topic the group has not consumed yet (partitions with a commit)"),
            Map.entry(GROUP_LAG_SECONDS, "How far behind the group is on the topic, in seconds (worst partition)"),
            Map.entry(GROUP_STATUS, "Consumer group status: 0 OK, 1 LAGGING, 2 STALLED, 3 STOPPED, 4 REWOUND, 5 NO_CONSUMERS"),
            Map.entry(GROUP_MEMBERS, "Consumers in the group"),
            Map.entry(PARTITION_MESSAGES, "Backlog of one partition: log end minus log start"),
            Map.entry(PARTITION_LAG_MESSAGES, "Messages of one partition the group has not consumed yet (partitions with a commit)"));

    private final MeterRegistry registry;
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    /** Per metric name, per source: the value cell of each series of the last poll. */
    private final Map<String, Map<String, Map<SeriesKey, Cell>>> cells = new ConcurrentHashMap<>();
    private final Map<String, Timer> pollDurationBySource = new ConcurrentHashMap<>();
    /** Per source, the advisor's finding counts by (severity, check). */
    private final Map<String, Map<List<String>, Long>> advisorFindings = new ConcurrentHashMap<>();
    private MultiGauge advisorGauge;

    /**
     * The current value of one exported series. A gauge reads its cell at scrape time, so a poll
     * that shows the same series again only updates the cells: registering thousands of gauges
     * anew at every poll cost more than the poll itself.
     */
    private static final class Cell {
        volatile double value;
    }

    MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Drops the meters that break {@code promtool check metrics}: two JVM meters by their names
     * ({@code process_cpu_time_ns_total}, {@code system_cpu_count}; the CPU usage gauges stay) and
     * the {@code tcp_*} meters Vert.x adds for the Kafka listener's server, which have no help text.
     */
    @Produces
    @Singleton
    static MeterFilter promtoolCleanNames() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")
                || id.getName().startsWith("tcp."));
    }

    /**
     * Replaces the exported series of the snapshot's source with {@code series}. Gauges are
     * registered or removed only for series that appear or disappear.
     */
    synchronized void record(SourceSnapshot snapshot, Map<SeriesKey, Double> series) {
        pollDurationBySource.computeIfAbsent(snapshot.source(), name -> Timer.builder(SOURCE_POLL_DURATION)
                .description("Duration of each poll of the source, successful or not")
                .tags("source", snapshot.source(), "kind", snapshot.kind().configName())
                .register(registry))
                .record(snapshot.pollDuration());

        Map<String, Map<SeriesKey, Double>> byName = new HashMap<>();
        series.forEach((key, value) -> {
            if (EXPORTED.containsKey(key.name())) {
                byName.computeIfAbsent(key.name(), n -> new HashMap<>()).put(key, value);
            }
        });
        for (String name : EXPORTED.keySet()) {
            Map<String, Map<SeriesKey, Cell>> sources = cells.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
            Map<SeriesKey, Cell> previous = sources.getOrDefault(snapshot.source(), Map.of());
            Map<SeriesKey, Double> current = byName.getOrDefault(name, Map.of());
            Map<SeriesKey, Cell> next = new HashMap<>();
            boolean sameSeries = current.size() == previous.size();
            for (Map.Entry<SeriesKey, Double> entry : current.entrySet()) {
                Cell cell = previous.get(entry.getKey());
                if (cell == null) {
                    cell = new Cell();
                    sameSeries = false;
                }
                cell.value = entry.getValue();
                next.put(entry.getKey(), cell);
            }
            if (next.isEmpty()) {
                sources.remove(snapshot.source());
            } else {
                sources.put(snapshot.source(), next);
            }
            if (!sameSeries) {
                List<MultiGauge.Row<?>> rows = new ArrayList<>();
                sources.values().forEach(bySeries -> bySeries.forEach((key, cell) ->
                        rows.add(MultiGauge.Row.of(tags(key), cell, c -> c.value))));
                // Without overwrite, a series already registered keeps its gauge, which reads the same cell.
                gauge(name).register(rows, false);
            }
        }
    }

    /**
     * Replaces the advisor's finding counts of one source: per {@code [severity, check]}, how many
     * findings nobody acknowledged. A check without findings has no series.
     */
    public synchronized void recordAdvisorFindings(String source, Map<List<String>, Long> counts) {
        if (counts.isEmpty()) {
            advisorFindings.remove(source);
        } else {
            advisorFindings.put(source, Map.copyOf(counts));
        }
        if (advisorGauge == null) {
            advisorGauge = MultiGauge.builder(ADVISOR_FINDINGS)
                    .description("Reliability advisor findings nobody acknowledged, per source, severity and check")
                    .register(registry);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        advisorFindings.forEach((name, bySeverityAndCheck) -> bySeverityAndCheck.forEach((key, count) -> rows.add(
                MultiGauge.Row.of(Tags.of("source", name, "severity", key.get(0), "check", key.get(1)), count))));
        // Counts change with acknowledgements as well as polls; few series, so they are registered anew.
        advisorGauge.register(rows, true);
    }

    private MultiGauge gauge(String name) {
        return gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(EXPORTED.get(n)).register(registry));
    }

    private static Tags tags(SeriesKey key) {
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> label : key.labels().entrySet()) {
            tags = tags.and(label.getKey(), label.getValue());
        }
        return tags;
    }
}
