package io.weir.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Runs inside {@link OldKafkaClients}' class loader, so every Kafka type it names is the old
 * kafka-clients' although it was compiled against the pinned one: it calls only methods both
 * have. It answers in JDK types only, which both sides share. Not used by anything else.
 */
public final class OldClientDriver {

    private OldClientDriver() {
    }

    /** The kafka-clients version this class runs with and the jar its KafkaProducer came from. */
    public static String version() {
        return AppInfoParser.getVersion() + " "
                + KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    /**
     * Sends {@code count} records with key {@code key-i}, value {@code value-i} and the headers
     * {@code trace=t-i} and {@code origin=old-client} with an idempotent producer ({@code acks=all}),
     * and answers "partition/offset key" per record, in the order sent.
     */
    public static List<String> produce(String bootstrap, String topic, int count) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("linger.ms", 5);
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<Header> headers = List.of(new RecordHeader("trace", bytes("t-" + i)),
                        new RecordHeader("origin", bytes("old-client")));
                futures.add(producer.send(new ProducerRecord<>(topic, null, "key-" + i, "value-" + i, headers)));
            }
            for (int i = 0; i < count; i++) {
                RecordMetadata m = futures.get(i).get();
                sent.add(m.partition() + "/" + m.offset() + " key-" + i);
            }
        }
        return sent;
    }

    /**
     * Consumes {@code count} records of {@code topic} as a member of {@code group} (from the earliest
     * offset), commits, and answers "partition/offset key value header=value..." per record, then
     * "committed partition/offset" per partition as the group's committed offsets read back.
     */
    public static List<String> consumeAndCommit(String bootstrap, String topic, String group, int count) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", group);
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        List<String> answer = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder line = new StringBuilder(r.partition() + "/" + r.offset() + " " + r.key() + " " + r.value());
                    for (Header h : r.headers()) {
                        line.append(' ').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    answer.add(line.toString());
                    got++;
                }
            }
            consumer.commitSync();
            Set<TopicPartition> partitions = new HashSet<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : consumer.committed(partitions).entrySet()) {
                answer.add("committed " + e.getKey().partition() + "/" + (e.getValue() == null ? -1 : e.getValue().offset()));
            }
        }
        return answer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
