package io.weir.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.SourceKind;
import io.weir.monitor.history.SeriesStore;
import io.weir.monitor.lag.ConsumerStatus;
import io.weir.monitor.lag.ConsumerStatusResult;
import io.weir.monitor.lag.LagTracker;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import io.weir.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real consumers on the real Kafka misbehave in each way the monitor names, and the monitor (polling
 * every second, judging a 5-second window) reports the right status within two poll intervals of
 * the misbehaviour becoming visible in that window.
 */
class ConsumerStatusEndToEndTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    /** The window to fill, plus two poll intervals, plus a second for Kafka's own bookkeeping. */
    private static final Duration DETECTION = WINDOW.plus(INTERVAL.multipliedBy(2)).plusSeconds(1);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private LagTracker lagTracker;
    private SourceMonitor monitor;
    private String topic;
    private String group;

    @BeforeAll
    static void requireKafka() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
    }

    @BeforeEach
    void startMonitor() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        topic = "status-" + run;
        group = "status-group-" + run;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        lagTracker = new LagTracker(60, WINDOW);
        SourceSettings settings = new SourceSettings("kafka", SourceKind.KAFKA, TestServices.KAFKA_BOOTSTRAP,
                Optional.empty(), Optional.empty(), Optional.empty(), INTERVAL, Duration.ofSeconds(3), Map.of(),
                SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        monitor = new SourceMonitor(new SourceRegistry(List.of(new KafkaSource(settings))),
                new SnapshotRecorder(new MonitorMetrics(new SimpleMeterRegistry()),
                        new SeriesStore(Duration.ofHours(1), 1000, 10_000), lagTracker));
        monitor.start(null);
    }

    @AfterEach
    void stopEverything() throws Exception {
        stop.set(true);
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        monitor.stop(null);
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
            admin.deleteConsumerGroups(List.of(group)).all();
        }
    }

    @Test
    void consumerSlowerThanProducersIsLagging() throws Exception {
        produceContinuously(20);
        consumeContinuously(5, true);
        ConsumerStatusResult result = awaitStatus(ConsumerStatus.LAGGING, DETECTION.plusSeconds(5));
        assertThat(result.reason()).isNotBlank();
        assertThat(lagTracker.groupTopicLag("kafka", group, topic).lag()).hasValueSatisfying(
                lag -> assertThat(lag).isPositive());
    }

    @Test
    void consumerThatStopsWhileMessagesArriveHasNoConsumers() throws Exception {
        produce(10);
        commit(5);
        produceContinuously(10);
        ConsumerStatusResult result = awaitStatus(ConsumerStatus.NO_CONSUMERS, DETECTION);
        assertThat(result.reason()).contains("no");
    }

    @Test
    void memberThatPollsButNeverCommitsWhileMessagesArriveIsStopped() throws Exception {
        produce(10);
        commit(5);
        consumeContinuously(50, false);
        produceContinuously(10);
        awaitStatus(ConsumerStatus.STOPPED, DETECTION.plusSeconds(5));
    }

    @Test
    void consumerStuckOnABacklogIsStalled() throws Exception {
        produce(30);
        commit(10);
        consumeContinuously(1, false);
        awaitStatus(ConsumerStatus.STALLED, DETECTION);
        assertThat(lagTracker.groupTopicLag("kafka", group, topic).lag()).isPresent();
    }

    @Test
    void committedOffsetGoingBackIsRewound() throws Exception {
        produce(50);
        commit(40);
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
        commit(10);
        ConsumerStatusResult result = awaitStatus(ConsumerStatus.REWOUND, INTERVAL.multipliedBy(2).plusSeconds(2));
        assertThat(result.reason()).contains("40").contains("10");
    }

    private ConsumerStatusResult awaitStatus(ConsumerStatus expected, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Optional<ConsumerStatusResult> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            last = lagTracker.status("kafka", group);
            if (last.isPresent() && last.get().status() == expected) {
                return last.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + expected + " within " + within + ", last status " + last);
    }

    private void produce(int messages) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }

    private void produceContinuously(int perSecond) {
        KafkaProducer<String, String> producer = producer();
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                producer.send(new ProducerRecord<>(topic, "k", "v"));
                sleep(1000 / perSecond);
            }
        }, "status-test-producer");
        thread.setDaemon(true);
        thread.start();
        running.add(() -> {
            stop.set(true);
            thread.join(5000);
            producer.close();
        });
    }

    /** A group member reading {@code perSecond} messages a second, committing them or not. */
    private void consumeContinuously(int perSecond, boolean commits) {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        props.put("group.id", group);
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("max.poll.records", "1");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        Thread thread = new Thread(() -> {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty() && commits) {
                    consumer.commitSync();
                }
                sleep(1000 / perSecond);
            }
            consumer.close();
        }, "status-test-consumer");
        thread.setDaemon(true);
        thread.start();
        running.add(() -> {
            stop.set(true);
            thread.join(10_000);
        });
    }

    private void commit(long offset) throws Exception {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset))).all().get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
