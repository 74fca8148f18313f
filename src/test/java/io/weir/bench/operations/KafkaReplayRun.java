package io.weir.bench.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.ProcessBuilder.Redirect;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka: dead letters as Spring Kafka's {@code DeadLetterPublishingRecoverer} writes them (a
 * {@code .DLT} topic whose records name their original topic and partition in
 * {@code kafka_dlt-original-topic} / {@code kafka_dlt-original-partition}), replayed by Weir to
 * their original topic and copied by {@code kafka-console-consumer | kafka-console-producer} to
 * another; and a topic of messages scanned for a text by Weir's message browser and by
 * {@code kafka-console-consumer | grep}. Every topic's name starts with the run's prefix and is
 * deleted by {@link #close()}.
 */
final class KafkaReplayRun implements AutoCloseable {

    static final int PARTITIONS = 3;
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final String prefix;
    private final KafkaConsole console;
    private final Path workDir;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> offsets;
    private final List<String> topics = new ArrayList<>();
    private String scanTopic;
    private int scanMatches;

    /** One round's wall times. */
    record Times(long weirNanos, long consoleNanos) {
    }

    /** One scan: its wall time, how many messages were read and how many matched. */
    record Scan(long nanos, long scanned, long matched) {
    }

    KafkaReplayRun(String bootstrap, String prefix, KafkaConsole console, Path workDir) {
        this.prefix = prefix;
        this.console = console;
        this.workDir = workDir;
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        this.admin = Admin.create(props);
        Properties producerProps = new Properties();
        producerProps.putAll(props);
        // Not idempotent: on this loaded machine the idempotent producer ran into out-of-order
        // sequence errors on freshly created topics and never finished its flush.
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.offsets = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Writes {@code messages} dead letters, then replays them with Weir and copies them with the console tools. */
    Times round(String name, int messages, WeirApi weir, boolean weirFirst) throws Exception {
        String original = prefix + "-" + name + "-orders";
        String dlt = original + ".DLT";
        String copy = prefix + "-" + name + "-copy";
        create(original, dlt, copy);
        for (int i = 0; i < messages; i++) {
            int partition = i % PARTITIONS;
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlt, partition,
                    ("order-" + i).getBytes(StandardCharsets.UTF_8), Payloads.kibibyte(i));
            record.headers().add(new RecordHeader("kafka_dlt-original-topic", original.getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(partition).array()));
            record.headers().add(new RecordHeader("kafka_dlt-exception-message",
                    "downstream answered 503".getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
        long weirNanos = 0;
        long consoleNanos = 0;
        for (int turn = 0; turn < 2; turn++) {
            if ((turn == 0) == weirFirst) {
                long start = System.nanoTime();
                String job = weir.replayAll("kafka", dlt);
                awaitRecords(original, messages);
                JsonNode finished = weir.awaitFinished(job, LIMIT);
                weirNanos = System.nanoTime() - start;
                if (finished.get("replayed").asLong() != messages) {
                    throw new IllegalStateException("Weir replayed " + finished.get("replayed") + " of " + messages);
                }
            } else {
                consoleNanos = consoleCopy(name, dlt, copy, messages);
            }
        }
        return new Times(weirNanos, consoleNanos);
    }

    private long consoleCopy(String name, String dlt, String copy, int messages) throws Exception {
        Path errors = workDir.resolve(prefix + "-" + name + "-console-copy.log");
        long start = System.nanoTime();
        List<Process> pipeline = KafkaConsole.pipeline(errors, Redirect.DISCARD,
                console.consumer(dlt, prefix + "-" + name + "-console", messages, true), console.producer(copy));
        awaitRecords(copy, messages, () -> KafkaConsole.requireRunning(pipeline, errors));
        long nanos = System.nanoTime() - start;
        KafkaConsole.await(pipeline, LIMIT.toMinutes(), errors);
        return nanos;
    }

    /** Writes {@code messages} 1 KiB messages over the partitions, one in {@code every} with the needle. */
    void buildScanTopic(int messages, int every) throws Exception {
        scanTopic = prefix + "-scan";
        create(scanTopic);
        scanMatches = 0;
        for (int i = 0; i < messages; i++) {
            boolean needle = i % every == every / 2;
            scanMatches += needle ? 1 : 0;
            producer.send(new ProducerRecord<>(scanTopic, i % PARTITIONS, ("order-" + i).getBytes(StandardCharsets.UTF_8),
                    needle ? Payloads.withNeedle(i) : Payloads.kibibyte(i)));
        }
        producer.flush();
        awaitRecords(scanTopic, messages);
    }

    int scanMatches() {
        return scanMatches;
    }

    /** One search of the whole topic through Weir's message browser (REST, one page). */
    Scan weirScan(WeirApi weir) throws Exception {
        String path = "/api/v1/sources/kafka/queues/" + URLEncoder.encode(scanTopic, StandardCharsets.UTF_8)
                + "/messages?text=" + Payloads.NEEDLE + "&limit=1000&maxValueBytes=64";
        long start = System.nanoTime();
        JsonNode page = weir.call("GET", path, null, 200, LIMIT);
        long nanos = System.nanoTime() - start;
        if (!page.get("complete").asBoolean()) {
            throw new IllegalStateException("Weir's scan stopped early (" + page.get("stopped") + ") after "
                    + page.get("scanned") + " messages");
        }
        return new Scan(nanos, page.get("scanned").asLong(), page.get("matched").asLong());
    }

    /** {@code kafka-console-consumer --from-beginning --max-messages n | grep -F needle}, until grep ends. */
    Scan grepScan(int messages, int run) throws Exception {
        Path errors = workDir.resolve(prefix + "-console-grep-" + run + ".log");
        Path found = workDir.resolve(prefix + "-console-grep-" + run + ".txt");
        long start = System.nanoTime();
        List<Process> pipeline = KafkaConsole.pipeline(errors, Redirect.to(found.toFile()),
                console.consumer(scanTopic, prefix + "-grep-" + run, messages, false),
                new ProcessBuilder("grep", "-F", Payloads.NEEDLE));
        KafkaConsole.await(pipeline, LIMIT.toMinutes(), errors);
        long nanos = System.nanoTime() - start;
        long matched;
        try (var lines = Files.lines(found)) {
            matched = lines.count();
        }
        return new Scan(nanos, messages, matched);
    }

    private void create(String... names) throws Exception {
        admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, PARTITIONS, (short) 1)).toList())
                .all().get();
        topics.addAll(List.of(names));
    }

    private void awaitRecords(String topic, long count) throws InterruptedException {
        awaitRecords(topic, count, () -> { });
    }

    /** Waits until the topic holds {@code count} records, running {@code check} between looks. */
    private void awaitRecords(String topic, long count, Runnable check) throws InterruptedException {
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long now;
        while ((now = offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + " holds " + now + " of " + count + " records after " + LIMIT);
            }
            check.run();
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get();
            }
        } finally {
            producer.close();
            offsets.close();
            admin.close();
        }
    }
}
