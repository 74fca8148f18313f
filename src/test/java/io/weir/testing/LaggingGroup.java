package io.weir.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A one-partition topic on the shared Kafka and a consumer group without members whose lag a test
 * sets by committing offsets: lag = messages produced minus the committed offset.
 */
public record LaggingGroup(String topic, String group) {

    public static LaggingGroup create(String topic, String group) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return new LaggingGroup(topic, group);
    }

    public void produce(int messages) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestServices.KAFKA_BOOTSTRAP, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }

    /**
     * Produces {@code messages} messages stamped by the producer (CreateTime) at {@code first},
     * {@code first} + 1 ms, and so on: message {@code i} at offset {@code i} of an empty topic.
     */
    public void produceStamped(int messages, Instant first) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestServices.KAFKA_BOOTSTRAP, "acks", "all", "linger.ms", 20), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, 0, first.toEpochMilli() + i, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    public void commit(long offset) throws Exception {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
                    .all().get();
        }
    }

    public void delete() throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
            admin.deleteConsumerGroups(List.of(group)).all();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
    }
}
