package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients 3.0 (see {@link OldKafkaClients}), unmodified, against the listener: the API
 * versions it negotiates are older than the pinned client's. What it produced and committed is
 * read back by the pinned client and the broker itself.
 */
class OldKafkaClientTest extends ListenerTestCase {

    private static final int COUNT = 30;
    private OldKafkaClients old;

    @BeforeEach
    void loadOldClient() throws Exception {
        weir.createTopic("legacy", 3);
        old = new OldKafkaClients();
    }

    @AfterEach
    void unloadOldClient() throws Exception {
        old.close();
    }

    @Test
    void oldClientRunsFromItsOwnJar() throws Exception {
        String version = (String) old.call("version", new Class<?>[0]);
        assertThat(version).startsWith("3.0.").contains("kafka-clients-3.0.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oldClientProducesKeysAndHeadersConsumesInAGroupAndCommitsWhatThePinnedClientReadsBack() throws Exception {
        List<String> sent = (List<String>) old.call("produce", new Class<?>[] {String.class, String.class, int.class},
                weir.bootstrap(), "legacy", COUNT);
        List<String> consumed = (List<String>) old.call("consumeAndCommit",
                new Class<?>[] {String.class, String.class, String.class, int.class}, weir.bootstrap(), "legacy",
                "legacy-app", COUNT);

        Map<String, String> sentAt = new HashMap<>(); // key -> partition/offset the old producer was told
        for (String line : sent) {
            String[] f = line.split(" ");
            sentAt.put(f[1], f[0]);
        }
        assertThat(sentAt).hasSize(COUNT);
        List<String> records = consumed.stream().filter(l -> !l.startsWith("committed ")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            expected.add(sentAt.get("key-" + i) + " key-" + i + " value-" + i + " trace=t-" + i + " origin=old-client");
        }
        assertThat(records).containsExactlyInAnyOrderElementsOf(expected);

        Map<Integer, Long> ends = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            ends.put(p, weir.broker.describeTopic("legacy").partitions().get(p).endOffset());
        }
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(COUNT);
        assertThat(consumed.stream().filter(l -> l.startsWith("committed ")))
                .containsExactlyInAnyOrder("committed 0/" + ends.get(0), "committed 1/" + ends.get(1),
                        "committed 2/" + ends.get(2));

        // the pinned client and the broker see the same records, keys, headers and group offsets
        assertThat(readWithPinnedClient()).containsExactlyInAnyOrderElementsOf(expected);
        for (String key : sentAt.keySet()) {
            String[] at = sentAt.get(key).split("/");
            LogRecord stored = weir.broker.read("legacy", Integer.parseInt(at[0]), Long.parseLong(at[1]), 1).get(0);
            assertThat(new String(stored.key(), StandardCharsets.UTF_8)).isEqualTo(key);
            assertThat(new String(stored.value(), StandardCharsets.UTF_8)).isEqualTo(key.replace("key", "value"));
            assertThat(stored.headers()).containsEntry("trace", key.replace("key-", "t-"))
                    .containsEntry("origin", "old-client");
        }
        assertThat(weir.broker.describeGroup("legacy", "legacy-app").committed()).isEqualTo(ends);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("legacy-app")
                    .partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> committed = new HashMap<>();
            offsets.forEach((tp, o) -> committed.put(tp.partition(), o.offset()));
            assertThat(committed).isEqualTo(ends);
        }
    }

    private List<String> readWithPinnedClient() {
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("legacy", 0), new TopicPartition("legacy", 1),
                    new TopicPartition("legacy", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (lines.size() < COUNT && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder line = new StringBuilder(r.partition() + "/" + r.offset() + " " + r.key() + " " + r.value());
                    for (Header h : r.headers()) {
                        line.append(' ').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    lines.add(line.toString());
                }
            }
        }
        return lines;
    }
}
