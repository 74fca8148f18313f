package io.weir.bench.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker, made as durable per message as the built-in broker: topics with
 * {@code flush.messages=1} (fsync after every message batch appended), producer {@code acks=all}.
 * All producing threads share one {@code KafkaProducer}, which is how Kafka is meant to be used
 * from many threads (it batches their sends into one request per partition); {@code linger.ms=0}
 * so a lone send is not held back. Each thread's publish waits for the acknowledgement of all its
 * sends. {@code batch.size} is raised to 256 KiB so the batched workload's 256 messages per
 * publish can travel as one batch per partition instead of 16 KiB ones. Topics have {@link BuiltinTarget#PARTITIONS} partitions, replication factor 1 (one broker).
 */
final class KafkaTarget implements DurableTarget {

    private final String bootstrap;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private String topic;
    private final List<PollLoop> consumerLoops = new ArrayList<>();

    KafkaTarget(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void prepare(String name, Consumer<byte[]> consumer) throws Exception {
        topic = name;
        // file.delete.delay.ms 0: the topic's files go when finish() deletes it, while the
        // benchmark settles, not a minute later in the middle of another broker's run
        admin.createTopics(List.of(new NewTopic(name, BuiltinTarget.PARTITIONS, (short) 1)
                .configs(Map.of("flush.messages", "1", "file.delete.delay.ms", "0")))).all().get();
        for (int c = 0; c < LoadRun.CONSUMERS; c++) {
            KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = c; p < BuiltinTarget.PARTITIONS; p += LoadRun.CONSUMERS) {
                partitions.add(new TopicPartition(name, p));
            }
            kafkaConsumer.assign(partitions);
            kafkaConsumer.seekToBeginning(partitions);
            kafkaConsumer.poll(Duration.ofMillis(200)); // joins the partitions' leaders before the clock starts
            consumerLoops.add(PollLoop.start("bench-kafka-consumer-" + c, () -> {
                for (ConsumerRecord<byte[], byte[]> r : kafkaConsumer.poll(Duration.ofMillis(50))) {
                    consumer.accept(r.value());
                }
            }, kafkaConsumer));
        }
    }

    @Override
    public Publisher publisher() {
        String target = topic;
        return values -> {
            List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
            for (byte[] value : values) {
                sent.add(producer.send(new ProducerRecord<>(target, value)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        };
    }

    @Override
    public void finish() throws Exception {
        for (PollLoop loop : consumerLoops) {
            loop.stop();
        }
        consumerLoops.clear();
        admin.deleteTopics(List.of(topic)).all().get();
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
