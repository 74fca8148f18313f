package io.weir.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's Kafka workload: {@code topics × partitions} partitions (replication 1), a few
 * messages in each, and consumer groups without members that have committed offsets behind the
 * log end (so lag is not zero). Every name starts with the run's prefix, and {@link #close()}
 * deletes every group and topic this object created, so it may run on a shared broker.
 * Blocking; not thread-safe.
 */
final class KafkaBenchCluster implements AutoCloseable {

    /** Each group commits on this many partitions of each of two topics. */
    static final int COMMITS_PER_TOPIC = 5;
    static final int MESSAGES_PER_PARTITION = 3;
    private static final long COMMITTED_OFFSET = 1;
    private static final int TOPICS_PER_CREATE = 10;
    private static final int COMMITS_IN_FLIGHT = 50;
    private static final int TIMEOUT_MS = 120_000;

    private final String bootstrapServers;
    private final String prefix;
    private final PrintStream log;
    private final Admin admin;
    private final List<String> topics = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private int partitions;

    KafkaBenchCluster(String bootstrapServers, String prefix, PrintStream log) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        this.log = log;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        this.admin = Admin.create(props);
    }

    /** Creates the topics a few at a time, so the controller is never asked for thousands at once. */
    void createTopics(int topicCount, int partitionsPerTopic) throws Exception {
        if (topicCount < 2) {
            throw new IllegalArgumentException("groups commit on two topics: at least 2 topics are needed");
        }
        this.partitions = partitionsPerTopic;
        for (int first = 0; first < topicCount; first += TOPICS_PER_CREATE) {
            List<NewTopic> batch = new ArrayList<>();
            for (int i = first; i < Math.min(topicCount, first + TOPICS_PER_CREATE); i++) {
                String name = String.format("%s-topic-%03d", prefix, i);
                batch.add(new NewTopic(name, partitionsPerTopic, (short) 1));
                topics.add(name); // before the call: a half-created batch is still deleted
            }
            await(admin.createTopics(batch, new CreateTopicsOptions().timeoutMs(TIMEOUT_MS)).all());
            log.printf("  created %d/%d topics%n", topics.size(), topicCount);
        }
    }

    /** Writes a few small messages to every partition. */
    void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        byte[] value = "weir benchmark".getBytes();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    for (int m = 0; m < MESSAGES_PER_PARTITION; m++) {
                        producer.send(new ProducerRecord<>(topic, p, null, value));
                    }
                }
            }
            producer.flush();
        }
    }

    /**
     * Creates {@code groupCount} groups by committing offsets for them, without consumers. Group
     * {@code i} commits on {@link #COMMITS_PER_TOPIC} partitions of each of two topics.
     */
    void commitGroups(int groupCount) throws Exception {
        List<KafkaFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            String group = String.format("%s-group-%04d", prefix, i);
            groups.add(group);
            inFlight.add(admin.alterConsumerGroupOffsets(group, commitsOf(i)).all());
            if (inFlight.size() == COMMITS_IN_FLIGHT || i == groupCount - 1) {
                await(KafkaFuture.allOf(inFlight.toArray(KafkaFuture[]::new)));
                inFlight.clear();
            }
            if ((i + 1) % 250 == 0) {
                log.printf("  committed %d/%d groups%n", i + 1, groupCount);
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> commitsOf(int group) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        int firstPartition = (group / topics.size()) * COMMITS_PER_TOPIC;
        for (String topic : List.of(topics.get(group % topics.size()),
                topics.get((group + topics.size() / 2) % topics.size()))) {
            for (int k = 0; k < COMMITS_PER_TOPIC; k++) {
                commits.put(new TopicPartition(topic, (firstPartition + k) % partitions),
                        new OffsetAndMetadata(COMMITTED_OFFSET));
            }
        }
        return commits;
    }

    int partitionCount() {
        return topics.size() * partitions;
    }

    int groupCount() {
        return groups.size();
    }

    int committedPartitionCount() {
        return groups.size() * 2 * COMMITS_PER_TOPIC;
    }

    /** Deletes the groups, then the topics; reports what it could not delete and never throws. */
    @Override
    public void close() {
        try {
            if (!groups.isEmpty()) {
                await(admin.deleteConsumerGroups(groups).all());
            }
            log.printf("  deleted %d groups%n", groups.size());
        } catch (Exception e) {
            log.println("  could not delete all groups of " + prefix + ": " + e);
        }
        try {
            if (!topics.isEmpty()) {
                await(admin.deleteTopics(topics).all());
            }
            log.printf("  deleted %d topics%n", topics.size());
        } catch (Exception e) {
            log.println("  could not delete all topics of " + prefix + ": " + e);
        }
        admin.close(java.time.Duration.ofSeconds(10));
    }

    private static <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
