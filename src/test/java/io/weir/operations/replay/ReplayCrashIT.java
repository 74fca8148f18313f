package io.weir.operations.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged Weir (SIGKILL) in the middle of three replay jobs of 10,000 dead letters
 * each — built-in broker, Kafka and RabbitMQ at once — restarts it, and resumes them: every
 * message arrives at its destination, none is left in a RabbitMQ dead-letter queue, and the
 * duplicates (counted and printed) stay within the in-flight window of two batches per job.
 */
class ReplayCrashIT {

    private static final String PASSWORD = "replay-crash-password";
    private static final int MESSAGES = 10_000;
    /** weir.operations.replay.batch-size: at most two batches are in flight when Weir dies. */
    private static final int BATCH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** Slow enough that no job can finish between the last one reaching a third and the kill. */
    private static final int RATE = 500;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @Test
    void replaysKilledMidwayResumeWithNothingLostAndDuplicatesOnlyInTheInFlightWindow() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "Kafka");
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "RabbitMQ");
        String kafkaTopic = "crash-orders-" + id;
        String kafkaDlt = kafkaTopic + ".DLT";
        String rabbitQueue = "crash-work-" + id;
        String rabbitDlq = rabbitQueue + ".dlq";
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel();
                WeirProcess weir = WeirProcess.start(dir, Map.of(
                        "WEIR_ADMIN_PASSWORD", PASSWORD,
                        "WEIR_SOURCES_BUILTIN_KIND", "builtin",
                        "WEIR_SOURCES_KAFKA_KIND", "kafka",
                        "WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP,
                        "WEIR_SOURCES_RABBIT_KIND", "rabbitmq",
                        "WEIR_SOURCES_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL,
                        "WEIR_SOURCES_RABBIT_USERNAME", TestServices.RABBITMQ_USER,
                        "WEIR_SOURCES_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD,
                        "WEIR_OPERATIONS_REPLAY_BATCH_SIZE", Integer.toString(BATCH),
                        "WEIR_OPERATIONS_REPLAY_MAX_RUNNING", "3"))) {
            weir.expectLog("Replay job .* was interrupted");
            try {
                String builtinDlq = builtinDeadLetters(weir);
                kafkaDeadLetters(kafkaTopic, kafkaDlt);
                rabbitDeadLetters(channel, rabbitQueue, rabbitDlq);

                List<String> jobs = new ArrayList<>();
                for (String[] job : new String[][] {{"builtin", builtinDlq}, {"kafka", kafkaDlt}, {"rabbit", rabbitDlq}}) {
                    jobs.add(api(weir, "POST", "/api/v1/replays", "{\"source\":\"" + job[0] + "\",\"queue\":\"" + job[1]
                            + "\",\"dryRun\":false,\"ratePerSecond\":" + RATE + "}", 202).get("id").asText());
                }
                await("every job a third done", () -> {
                    for (String job : jobs) {
                        if (api(weir, "GET", "/api/v1/replays/" + job, null, 200).get("done").asLong() < MESSAGES / 3) {
                            return false;
                        }
                    }
                    return true;
                });
                weir.killAndRestart();

                for (String job : jobs) {
                    JsonNode interrupted = api(weir, "GET", "/api/v1/replays/" + job, null, 200);
                    assertThat(interrupted.get("state").asText()).isEqualTo("interrupted");
                    assertThat(interrupted.get("done").asLong()).isBetween((long) MESSAGES / 3, (long) MESSAGES - 1);
                    api(weir, "POST", "/api/v1/replays/" + job + "/resume", "", 200);
                }
                Map<String, JsonNode> finished = new HashMap<>();
                for (String job : jobs) {
                    await("job " + job + " finished", () -> api(weir, "GET", "/api/v1/replays/" + job, null, 200)
                            .get("state").asText().equals("finished"));
                    finished.put(job, api(weir, "GET", "/api/v1/replays/" + job, null, 200));
                }

                Map<String, Long> builtin = counts(builtinDestination(weir));
                Map<String, Long> kafka = counts(kafkaDestination(kafkaTopic));
                Map<String, Long> rabbit = counts(rabbitDestination(channel, rabbitQueue));
                report("built-in", builtin, finished.get(jobs.get(0)));
                report("Kafka", kafka, finished.get(jobs.get(1)));
                report("RabbitMQ", rabbit, finished.get(jobs.get(2)));
                for (JsonNode job : finished.values()) {
                    assertThat(job.get("replayed").asLong()).as("the ledger holds every message once").isEqualTo(MESSAGES);
                }
                for (Map<String, Long> arrived : List.of(builtin, kafka, rabbit)) {
                    assertThat(arrived).as("every dead letter arrived").hasSize(MESSAGES);
                    assertThat(duplicates(arrived)).as("duplicates within the two batches in flight").isLessThanOrEqualTo(2 * BATCH);
                }
                assertThat(channel.queueDeclarePassive(rabbitDlq).getMessageCount()).as("none left behind").isZero();
            } finally {
                channel.queueDelete(rabbitQueue);
                channel.queueDelete(rabbitDlq);
            }
        }
    }

    private static void report(String kind, Map<String, Long> arrived, JsonNode job) {
        System.out.printf("Replay crash, %s: %d distinct messages arrived, %d duplicates (job: replayed %d, skipped %d)%n",
                kind, arrived.size(), duplicates(arrived), job.get("replayed").asLong(), job.get("skipped").asLong());
    }

    private static long duplicates(Map<String, Long> arrived) {
        return arrived.values().stream().mapToLong(n -> n - 1).sum();
    }

    private static Map<String, Long> counts(List<String> ids) {
        Map<String, Long> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1L, Long::sum));
        return counts;
    }

    // ---- built-in broker, through its HTTP API inside the Weir process

    private String builtinDeadLetters(WeirProcess weir) throws Exception {
        api(weir, "POST", "/api/broker/v1/topics", "{\"name\":\"crash-builtin\",\"partitions\":2}", 201);
        api(weir, "POST", "/api/broker/v1/topics/crash-builtin/groups",
                "{\"name\":\"workers\",\"mode\":\"shared\",\"config\":{\"maxAttempts\":1}}", 201);
        for (int first = 0; first < MESSAGES; first += 1000) {
            StringBuilder body = new StringBuilder("{\"messages\":[");
            for (int i = first; i < first + 1000; i++) {
                body.append(i == first ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"messageId\":\"b")
                        .append(i).append("\",\"value\":\"payload ").append(i).append("\"}");
            }
            api(weir, "POST", "/api/broker/v1/topics/crash-builtin/messages", body.append("]}").toString(), 200);
        }
        int nacked = 0;
        while (nacked < MESSAGES) {
            JsonNode deliveries = api(weir, "POST",
                    "/api/broker/v1/topics/crash-builtin/groups/workers/receive?consumer=w1&max=1000&wait=2s", "", 200)
                    .get("deliveries");
            List<String> receipts = new ArrayList<>();
            deliveries.forEach(d -> receipts.add("\"" + d.get("receipt").asText() + "\""));
            if (!receipts.isEmpty()) {
                api(weir, "POST", "/api/broker/v1/topics/crash-builtin/groups/workers/nack",
                        "{\"receipts\":[" + String.join(",", receipts) + "],\"reason\":\"downstream 503\"}", 200);
            }
            nacked += receipts.size();
        }
        return "crash-builtin.workers.dlq";
    }

    private List<String> builtinDestination(WeirProcess weir) throws Exception {
        List<String> ids = new ArrayList<>();
        api(weir, "POST", "/api/broker/v1/topics/crash-builtin/groups", "{\"name\":\"check\",\"mode\":\"ordered\"}", 201);
        while (true) {
            JsonNode fetched = api(weir, "POST",
                    "/api/broker/v1/topics/crash-builtin/groups/check/fetch?consumer=c1&max=1000&wait=1s", "", 200);
            if (fetched.get("messages").isEmpty()) {
                return ids;
            }
            fetched.get("messages").forEach(m -> {
                if (m.path("headers").has("weir.replay.job")) {
                    ids.add(m.get("messageId").asText());
                }
            });
            api(weir, "POST", "/api/broker/v1/topics/crash-builtin/groups/check/commit?consumer=c1",
                    "{\"offsets\":" + fetched.get("nextOffsets") + "}", 204);
        }
    }

    // ---- Kafka

    private static Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        return props;
    }

    private static void kafkaDeadLetters(String topic, String dlt) throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(dlt, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < MESSAGES; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlt, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        ("payload " + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(new RecordHeader("kafka_dlt-original-topic", topic.getBytes(StandardCharsets.UTF_8)));
                record.headers().add(new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(i % 3).array()));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static List<String> kafkaDestination(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    // ---- RabbitMQ: messages that expire at once land in the dead-letter queue with x-death

    private static void rabbitDeadLetters(Channel channel, String queue, String dlq) throws Exception {
        channel.queueDeclare(dlq, true, false, false, null);
        channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", dlq, "x-message-ttl", 0));
        channel.confirmSelect();
        for (int i = 0; i < MESSAGES; i++) {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("r" + i).deliveryMode(2).build(),
                    ("payload " + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(30_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (channel.queueDeclarePassive(dlq).getMessageCount() < MESSAGES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(channel.queueDeclarePassive(dlq).getMessageCount()).isEqualTo(MESSAGES);
        // The consumer is "fixed": its queue no longer expires messages, so the replayed ones stay.
        channel.queueDelete(queue);
        channel.queueDeclare(queue, true, false, false, null);
    }

    private static List<String> rabbitDestination(Channel channel, String queue) throws Exception {
        List<String> ids = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet(queue, true)) != null) {
            ids.add(got.getProps().getMessageId());
        }
        return ids;
    }

    // ---- HTTP

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode api(WeirProcess weir, String method, String path, String body, int status) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
