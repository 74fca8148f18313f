package io.weir.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.kafka.KafkaListener;
import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import io.weir.sources.builtin.BuiltinSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weir's own Kafka source pointed at the built-in broker's Kafka listener reports the same
 * topics, partitions, offsets and group positions as the builtin source reading the broker directly.
 */
class KafkaSourceOnBuiltInListenerTest {

    @TempDir
    Path dir;

    @Test
    void theKafkaSourceSeesTheBuiltInBrokerAsTheBuiltinSourceDoes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Broker broker = Broker.open(dir, BrokerConfig.defaults())) {
            KafkaListener listener = KafkaListener.start(broker, vertx, new KafkaListener.Settings("127.0.0.1", 0, null,
                    TopicConfig.partitions(1), GroupConfig.ordered()));
            String bootstrap = "127.0.0.1:" + listener.port();
            try (KafkaSource kafka = new KafkaSource(KafkaFixture.settings(bootstrap, Duration.ofSeconds(10)));
                    BuiltinSource builtin = new BuiltinSource(new SourceSettings("builtin", SourceKind.BUILTIN, "embedded",
                            Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                            Duration.ofSeconds(10), Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS),
                            () -> Optional.of(broker), dir)) {
                broker.createTopic("orders", TopicConfig.partitions(3));
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                        new StringSerializer())) {
                    for (int i = 0; i < 30; i++) {
                        producer.send(new ProducerRecord<>("orders", i % 3, "k" + i, "v" + i)).get();
                    }
                }
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "billing"),
                        new StringDeserializer(), new StringDeserializer())) {
                    consumer.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(4),
                            new TopicPartition("orders", 1), new OffsetAndMetadata(10),
                            new TopicPartition("orders", 2), new OffsetAndMetadata(0)));
                }

                BrokerSnapshot overKafka = kafka.read();
                BrokerSnapshot direct = builtin.read();
                QueueSnapshot topicOverKafka = queue(overKafka, "orders");
                QueueSnapshot topicDirect = queue(direct, "orders");
                assertThat(topicOverKafka.messages()).isEqualTo(topicDirect.messages()).isEqualTo(30);
                assertThat(topicOverKafka.sizeBytes()).isEqualTo(topicDirect.sizeBytes()).isPositive();
                assertThat(topicOverKafka.partitions()).extracting(p -> List.of(p.partition(), p.startOffset(), p.endOffset()))
                        .containsExactlyElementsOf(topicDirect.partitions().stream()
                                .map(p -> List.of(p.partition(), p.startOffset(), p.endOffset())).toList());
                assertThat(positions(group(overKafka, "billing"))).isEqualTo(positions(group(direct, "billing")))
                        .containsExactly(List.of("orders", 0, 4L, 10L), List.of("orders", 1, 10L, 10L),
                                List.of("orders", 2, 0L, 10L));
            } finally {
                listener.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static QueueSnapshot queue(BrokerSnapshot snapshot, String name) {
        return snapshot.queues().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private static GroupSnapshot group(BrokerSnapshot snapshot, String name) {
        return snapshot.groups().stream().filter(g -> g.group().equals(name)).findFirst().orElseThrow();
    }

    /** Topic, partition, committed offset and log end, sorted by partition. */
    private static List<List<Object>> positions(GroupSnapshot group) {
        return group.offsets().stream()
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .map(o -> List.<Object>of(o.topic(), o.partition(), o.committedOffset(), o.endOffset()))
                .toList();
    }
}
