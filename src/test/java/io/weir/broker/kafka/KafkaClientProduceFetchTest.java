package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An unmodified kafka-clients producer and consumer (assign and seek) against the listener. */
class KafkaClientProduceFetchTest extends ListenerTestCase {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");


    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "lz4", "snappy", "zstd"})
    void producedRecordsAreFetchedWithTheirKeysHeadersTimestampsAndOffsets(String compression) throws Exception {
        weir.createTopic("orders", 3);
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        List<RecordMetadata> stored = new ArrayList<>();
        try (KafkaProducer<String, String> producer = weir.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<Header> headers = List.of(new RecordHeader("trace", ("t" + i).getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("source", "test".getBytes(StandardCharsets.UTF_8)));
                ProducerRecord<String, String> record = new ProducerRecord<>("orders", i % 3,
                        T0.plusSeconds(i).toEpochMilli(), i % 5 == 0 ? null : "key-" + i, "value-" + i, headers);
                sent.add(record);
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                stored.add(ack.get());
            }
        }
        long[] next = new long[3];
        for (int i = 0; i < 30; i++) {
            assertThat(stored.get(i).partition()).isEqualTo(i % 3);
            assertThat(stored.get(i).offset()).isEqualTo(next[i % 3]++);
        }

        List<ConsumerRecord<String, String>> received = consumeAll("orders", 3, 30);
        assertThat(received).hasSize(30);
        for (ConsumerRecord<String, String> r : received) {
            int i = Integer.parseInt(r.value().substring("value-".length()));
            assertThat(r.partition()).isEqualTo(stored.get(i).partition());
            assertThat(r.offset()).isEqualTo(stored.get(i).offset());
            assertThat(r.key()).isEqualTo(sent.get(i).key());
            assertThat(r.timestamp()).isEqualTo(T0.plusSeconds(i).toEpochMilli());
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(r.headers().toArray()).containsExactly(sent.get(i).headers().toArray());
        }
        // the broker itself holds them as its own messages, for the console and the HTTP API
        LogRecord first = weir.broker.read("orders", 0, 0, 1).get(0);
        assertThat(first.headers()).containsExactly(Map.entry("trace", "t0"), Map.entry("source", "test"));
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("value-0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "1", "0"})
    void everyAcksSettingStoresTheRecords(String acks) throws Exception {
        weir.createTopic("events", 1);
        Map<String, Object> settings = acks.equals("all") ? Map.of(ProducerConfig.ACKS_CONFIG, acks)
                : Map.of(ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, String> producer = weir.producer(settings)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("events", "k" + i, "v" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> received = consumeAll("events", 1, 10);
        assertThat(received).extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        assertThat(received).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void listOffsetsAnswersEarliestLatestAndByTimestamp() throws Exception {
        weir.createTopic("clock", 1);
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("clock", 0, T0.plusSeconds(10 * i).toEpochMilli(), null, "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("clock", 0);
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 5L);
            Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(Map.of(tp, T0.plusSeconds(15).toEpochMilli()));
            assertThat(at.get(tp).offset()).isEqualTo(2);
            assertThat(at.get(tp).timestamp()).isEqualTo(T0.plusSeconds(20).toEpochMilli());
            Map<TopicPartition, OffsetAndTimestamp> later = consumer.offsetsForTimes(Map.of(tp, T0.plusSeconds(99).toEpochMilli()));
            assertThat(later.get(tp)).isNull();
        }
    }

    @Test
    void aWaitingFetchAnswersAsSoonAsARecordArrives() throws Exception {
        weir.createTopic("slow", 1);
        TopicPartition tp = new TopicPartition("slow", 0);
        KafkaConsumer<String, String> consumer = weir.consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10_000));
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty(); // the fetch is now parked
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                sleep(300);
                producer.send(new ProducerRecord<>("slow", "late"));
            });
            long start = System.nanoTime();
            List<String> values = new ArrayList<>();
            while (values.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            later.get();
            assertThat(values).containsExactly("late");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO)); // not waiting for its next parked fetch
        }
    }

    @Test
    void tinyFetchLimitsStillDeliverEveryRecordOneAtATime() throws Exception {
        weir.createTopic("big", 1);
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("big", "k", ("record-" + i + "-").repeat(100)));
            }
        }
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1))) {
            TopicPartition tp = new TopicPartition("big", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<Long> offsets = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (offsets.size() < 20 && System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(200));
                assertThat(batch.count()).isLessThanOrEqualTo(1);
                batch.forEach(r -> offsets.add(r.offset()));
            }
            assertThat(offsets).hasSize(20).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aConsumerSeekingBeyondTheEndIsResetByItsOffsetResetPolicy() throws Exception {
        weir.createTopic("reset", 1);
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            producer.send(new ProducerRecord<>("reset", "only")).get();
        }
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("reset", 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1000);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("only");
        }
    }

    private List<ConsumerRecord<String, String>> consumeAll(String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            return received;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
