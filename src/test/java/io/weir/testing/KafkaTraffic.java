package io.weir.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live traffic on a one-partition topic of the shared Kafka: a producer that publishes ten messages
 * a second until closed, and a real consumer of {@code group} that can stop and resume. The
 * consumer is assigned the partition (no group membership, so no rebalance delays) and commits after
 * every poll; stopped, its group's commit stays where it was while the log grows.
 */
public final class KafkaTraffic implements AutoCloseable {

    private final String topic;
    private final String group;
    private final AtomicBoolean producing = new AtomicBoolean();
    private final AtomicBoolean consuming = new AtomicBoolean();
    private Thread producer;
    private Thread consumer;

    public KafkaTraffic(String topic, String group) {
        this.topic = topic;
        this.group = group;
    }

    public void startProducing() {
        producing.set(true);
        producer = daemon("traffic-producer", this::produce);
    }

    /** Starts the consumer; it continues from the group's commit. */
    public void startConsuming() {
        consuming.set(true);
        consumer = daemon("traffic-consumer", this::consume);
    }

    /** Stops the consumer and waits until it closed: the group commits nothing more. */
    public void stopConsuming() throws InterruptedException {
        consuming.set(false);
        consumer.join(10_000);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void produce() {
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP,
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (long i = 0; producing.get(); i++) {
                kafka.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
                Thread.sleep(100);
            }
        } catch (Exception e) {
            if (producing.get()) {
                throw new IllegalStateException("producing to " + topic + " failed", e);
            }
        }
    }

    private void consume() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP,
                "group.id", group, "enable.auto.commit", "false", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            kafka.assign(List.of(new TopicPartition(topic, 0)));
            while (consuming.get()) {
                kafka.poll(Duration.ofMillis(100));
                kafka.commitSync();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        producing.set(false);
        consuming.set(false);
        if (producer != null) {
            producer.join(10_000);
        }
        if (consumer != null) {
            consumer.join(10_000);
        }
    }
}
