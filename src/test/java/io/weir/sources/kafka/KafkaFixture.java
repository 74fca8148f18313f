package io.weir.sources.kafka;

import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.BrokerSourceContract.BrokerFixture;
import io.weir.sources.SourceSettings;
import io.weir.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The shared Kafka seen through kafka-clients' own Admin, producer and consumer. Topics it creates
 * have 3 partitions and one replica (the shared cluster has one broker); callers pick unique names
 * because other test runs use the same cluster. Closing deletes the topics and groups it made.
 */
class KafkaFixture implements BrokerFixture {

    static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestServices.KAFKA_BOOTSTRAP));
    private final KafkaSource source = new KafkaSource(settings(TestServices.KAFKA_BOOTSTRAP, TIMEOUT));
    private final Set<String> topics = new HashSet<>();
    private final Set<String> groups = new HashSet<>();

    static SourceSettings settings(String bootstrap, Duration timeout) {
        return new SourceSettings("kafka-test", SourceKind.KAFKA, bootstrap, Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10), timeout, Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
    }

    Admin admin() {
        return admin;
    }

    @Override
    public BrokerSource source() {
        return source;
    }

    @Override
    public BrokerSource unreachableSource() {
        return new KafkaSource(settings("127.0.0.1:1", Duration.ofMillis(1500)));
    }

    @Override
    public String createQueue(String name) throws Exception {
        return createTopic(new NewTopic(name, PARTITIONS, (short) 1));
    }

    String createTopic(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get();
        topics.add(topic.name());
        return topic.name();
    }

    @Override
    public String createDeadLetterQueue(String name) throws Exception {
        return createQueue(name + ".DLT");
    }

    @Override
    public void publish(String queue, int messages) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(queue, "key-" + i, "message " + i)).get();
            }
        }
    }

    /**
     * Reads exactly {@code messages} records from the start of the topic and commits what was read.
     * Partitions it read nothing from get a commit at their log start, which is where the group
     * stands on them, so every partition has a commit.
     */
    @Override
    public void consumeAndAcknowledge(String queue, String group, int messages) throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            List<TopicPartition> partitions = consumer.partitionsFor(queue).stream()
                    .map(info -> new TopicPartition(queue, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            consumer.beginningOffsets(partitions).forEach((partition, offset) ->
                    commits.put(partition, new OffsetAndMetadata(offset)));
            int received = 0;
            Instant deadline = Instant.now().plusSeconds(20);
            while (received < messages) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("received only " + received + " of " + messages + " from " + queue);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (received == messages) {
                        break;
                    }
                    commits.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    received++;
                }
            }
            consumer.commitSync(commits);
        }
    }

    /** Commits {@code offsets} for {@code group} without reading anything. */
    void commit(String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
    }

    private KafkaConsumer<String, String> consumer(String group) {
        groups.add(group);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void deleteQueue(String queue) throws Exception {
        admin.deleteTopics(List.of(queue)).all().get();
        topics.remove(queue);
    }

    @Override
    public boolean hasConsumerGroups() {
        return true;
    }

    @Override
    public Duration settleTime() {
        return Duration.ofSeconds(2);
    }

    @Override
    public void close() throws Exception {
        try {
            admin.deleteConsumerGroups(groups).all().get();
            admin.deleteTopics(topics).all().get();
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
