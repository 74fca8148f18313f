package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.PartitionDescription;
import io.weir.broker.log.LogRecord;
import io.weir.testing.KafkaTools;
import io.weir.testing.KafkaTools.Run;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Kafka's own command-line tools, unmodified (the distribution's main classes, each in a JVM of
 * its own), against the listener: topics created, described and grown, messages with keys and headers
 * produced and consumed in a group, the group described and reset. Checks what the tools print
 * and what the broker stored, not only exit codes.
 */
class KafkaToolsCompatibilityTest extends ListenerTestCase {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(40);
    private static final String TOPIC = "cli-orders";
    private static final String GROUP = "cli-readers";

    @Test
    void topicsConsoleProducerConsoleConsumerAndConsumerGroupsWorkAgainstWeir() throws Exception {
        KafkaTools tools = new KafkaTools(dir);
        String bootstrap = weir.bootstrap();

        Run created = tools.run(TOOL_TIMEOUT, "", KafkaTools.TOPICS, "--bootstrap-server", bootstrap, "--create",
                "--topic", TOPIC, "--partitions", "3", "--replication-factor", "1").succeeded();
        assertThat(created.stdout()).contains("Created topic " + TOPIC + ".");
        assertThat(weir.broker.describeTopic(TOPIC).partitions()).hasSize(3);

        Run described = tools.run(TOOL_TIMEOUT, "", KafkaTools.TOPICS, "--bootstrap-server", bootstrap, "--describe",
                "--topic", TOPIC).succeeded();
        assertThat(described.stdout()).as(described.stdout()).contains("Topic: " + TOPIC, "PartitionCount: 3",
                "ReplicationFactor: 1");
        assertThat(described.lines().stream().filter(l -> l.contains("Partition: ")).toList()).as(described.stdout())
                .hasSize(3).allSatisfy(l -> assertThat(l).contains("Leader: 0", "Replicas: 0", "Isr: 0"));

        // headers, then key, then value, tab-separated, as parse.headers and parse.key read them
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            input.append("origin:cli,seq:").append(i).append('\t').append("customer-").append(i % 3).append('\t')
                    .append("order ").append(i).append('\n');
        }
        tools.run(TOOL_TIMEOUT, input.toString(), KafkaTools.CONSOLE_PRODUCER, "--bootstrap-server", bootstrap,
                "--topic", TOPIC, "--reader-property", "parse.key=true", "--reader-property", "parse.headers=true",
                "--command-property", "acks=all").succeeded();

        List<LogRecord> stored = storedRecords();
        assertThat(stored).hasSize(9);
        Map<String, List<String>> valuesByKey = new HashMap<>();
        for (LogRecord r : stored) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            valuesByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
            assertThat(r.headers()).containsEntry("origin", "cli").containsKey("seq");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("order " + r.headers().get("seq"));
        }
        assertThat(valuesByKey).as("every key's messages, in the order produced")
                .containsEntry("customer-0", List.of("order 0", "order 3", "order 6"))
                .containsEntry("customer-1", List.of("order 1", "order 4", "order 7"))
                .containsEntry("customer-2", List.of("order 2", "order 5", "order 8"));

        Run consumed = tools.run(TOOL_TIMEOUT, "", KafkaTools.CONSOLE_CONSUMER, "--bootstrap-server", bootstrap,
                "--topic", TOPIC, "--from-beginning", "--group", GROUP, "--max-messages", "9", "--timeout-ms", "20000",
                "--formatter-property", "print.key=true", "--formatter-property", "print.headers=true",
                "--formatter-property", "key.separator=|").succeeded();
        List<String> printed = consumed.lines().stream().filter(l -> l.contains("order ")).toList();
        assertThat(printed).as(consumed.stdout() + consumed.stderr()).hasSize(9);
        for (int i = 0; i < 9; i++) {
            assertThat(printed).as(consumed.stdout())
                    .contains("origin:cli,seq:" + i + "|customer-" + (i % 3) + "|order " + i);
        }
        Map<Integer, Long> ends = weir.broker.describeTopic(TOPIC).partitions().stream()
                .collect(Collectors.toMap(PartitionDescription::partition, PartitionDescription::endOffset));
        assertThat(weir.broker.describeGroup(TOPIC, GROUP).committed()).as("the console consumer committed all it read")
                .isEqualTo(ends);

        Run groupDescribed = tools.run(TOOL_TIMEOUT, "", KafkaTools.CONSUMER_GROUPS, "--bootstrap-server", bootstrap,
                "--describe", "--group", GROUP).succeeded();
        Map<Integer, List<String>> rows = groupRows(groupDescribed);
        assertThat(rows.keySet()).as(groupDescribed.stdout()).containsExactlyInAnyOrder(0, 1, 2);
        rows.forEach((partition, row) -> {
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
            assertThat(row.get(3)).isEqualTo(Long.toString(ends.get(partition)));
            assertThat(row.get(4)).isEqualTo(Long.toString(ends.get(partition)));
            assertThat(row.get(5)).isEqualTo("0");
        });

        Run reset = tools.run(TOOL_TIMEOUT, "", KafkaTools.CONSUMER_GROUPS, "--bootstrap-server", bootstrap,
                "--reset-offsets", "--group", GROUP, "--topic", TOPIC, "--to-earliest", "--execute").succeeded();
        Map<Integer, List<String>> resetRows = groupRows(reset);
        assertThat(resetRows.keySet()).as(reset.stdout()).containsExactlyInAnyOrder(0, 1, 2);
        resetRows.values().forEach(row -> assertThat(row.get(3)).as("NEW-OFFSET").isEqualTo("0"));

        assertThat(weir.broker.describeGroup(TOPIC, GROUP).committed()).as("the broker's group moved back")
                .containsOnly(Map.entry(0, 0L), Map.entry(1, 0L), Map.entry(2, 0L));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(offsets).hasSize(3);
            assertThat(offsets.values()).allSatisfy(o -> assertThat(o.offset()).isZero());
        }
        assertThat(weir.broker.describeGroup(TOPIC, GROUP).totalLag()).isEqualTo(9);

        tools.run(TOOL_TIMEOUT, "", KafkaTools.TOPICS, "--bootstrap-server", bootstrap, "--alter", "--topic", TOPIC,
                "--partitions", "4").succeeded();
        assertThat(weir.broker.describeTopic(TOPIC).partitions()).hasSize(4);
        assertThat(weir.broker.describeGroup(TOPIC, GROUP).committed()).as("the new partition, from its start")
                .containsEntry(3, 0L).hasSize(4);
    }

    /** All stored records of the topic, partition by partition. */
    private List<LogRecord> storedRecords() {
        List<LogRecord> records = new ArrayList<>();
        for (PartitionDescription p : weir.broker.describeTopic(TOPIC).partitions()) {
            records.addAll(weir.broker.read(TOPIC, p.partition(), 0, 100));
        }
        return records;
    }

    /** The rows of kafka-consumer-groups' table for the topic, by partition, split on whitespace. */
    private static Map<Integer, List<String>> groupRows(Run run) {
        Map<Integer, List<String>> rows = new HashMap<>();
        for (String line : run.lines()) {
            List<String> cells = List.of(line.trim().split("\\s+"));
            if (cells.size() >= 4 && cells.get(0).equals(GROUP) && cells.get(1).equals(TOPIC)) {
                rows.put(Integer.parseInt(cells.get(2)), cells);
            }
        }
        return rows;
    }
}
