package io.weir.operations.replay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.broker.Broker;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.broker.log.LogRecord;
import io.weir.testing.TestServices;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter replay through {@code /api/v1/replays} against the real brokers of the test profile:
 * the built-in broker, Kafka at 127.0.0.1:19092 and RabbitMQ at 127.0.0.1:5672.
 */
@QuarkusTest
class ReplayApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedBroker embedded;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    // ---- built-in broker

    /** A topic and a shared group that gave up on {@code count} messages, each nacked with a reason carrying its number. */
    private String builtinDeadLetters(String topic, int count) throws Exception {
        Broker broker = embedded.broker().orElseThrow();
        broker.createTopic(topic, TopicConfig.partitions(2));
        broker.createGroup(topic, "workers", GroupConfig.shared(Duration.ofSeconds(30), 1));
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new OutgoingMessage(("k" + i).getBytes(StandardCharsets.UTF_8), Map.of("n", Integer.toString(i)),
                    null, topic + "-m" + i, ("payload " + i).getBytes(StandardCharsets.UTF_8)));
        }
        broker.publish(topic, messages);
        int nacked = 0;
        while (nacked < count) {
            for (Delivery d : broker.receive(topic, "workers", "w1", 100, Duration.ofSeconds(2))) {
                String n = d.message().record().headers().get("n");
                broker.nack(d.receipt(), Integer.parseInt(n) % 2 == 0 ? "order " + n + " not found" : "timeout after " + n + " ms");
                nacked++;
            }
        }
        return topic + ".workers.dlq";
    }

    @Test
    void builtinDeadLettersGoBackToTheirPartitionsWithTheirIdsAndTheGroupCountsNoneLeft() throws Exception {
        String topic = "replay-all-" + id;
        String dlq = builtinDeadLetters(topic, 40);
        Broker broker = embedded.broker().orElseThrow();
        long before = endOffsets(broker, topic);

        JsonPath preview = operator().body(Map.of("source", "builtin", "queue", dlq)).post("/api/v1/replays")
                .then().statusCode(200).extract().jsonPath();
        assertThat(preview.getLong("queued")).isEqualTo(40);
        assertThat(preview.getLong("selected")).isEqualTo(40);
        assertThat(preview.getBoolean("complete")).isTrue();
        assertThat(preview.getMap("destinations")).containsEntry(topic, 40);
        assertThat(preview.getList("sample")).hasSize(10);
        assertThat(endOffsets(broker, topic)).as("a preview moves nothing").isEqualTo(before);

        JsonPath job = finished(start(Map.of("source", "builtin", "queue", dlq, "dryRun", false)));
        assertThat(job.getLong("replayed")).isEqualTo(40);
        assertThat(job.getLong("total")).isEqualTo(40);
        assertThat(job.getLong("failed")).isZero();
        assertThat(endOffsets(broker, topic) - before).isEqualTo(40);
        assertThat(broker.describeGroup(topic, "workers").deadLetters()).as("the group's dead letters are settled").isZero();

        List<LogRecord> replayed = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            broker.read(topic, p, 0, 1000).stream().filter(r -> r.headers().containsKey("weir.replay.job")).forEach(replayed::add);
        }
        assertThat(replayed).hasSize(40);
        assertThat(replayed).allSatisfy(r -> {
            assertThat(r.messageId()).startsWith(topic + "-m");
            assertThat(r.headers()).containsEntry("weir.replay.job", job.getString("id")).containsEntry("weir.replay.by", "admin")
                    .doesNotContainKey("weir.dlq.reason").containsKey("n");
        });
        assertThat(replayed.stream().map(LogRecord::messageId).distinct()).hasSize(40);

        JsonPath ledger = admin().get("/api/v1/replays/" + job.getString("id") + "/outcomes?limit=1000").then().statusCode(200)
                .extract().jsonPath();
        assertThat(ledger.getList("outcome", String.class)).hasSize(40).containsOnly("replayed");
        assertThat(ledger.getList("destination", String.class)).containsOnly(topic);

        // The same dead letters again: a second job knows the first one replayed them.
        JsonPath again = finished(start(Map.of("source", "builtin", "queue", dlq, "dryRun", false)));
        assertThat(again.getLong("replayed")).isZero();
        assertThat(again.getLong("skipped")).isEqualTo(40);
        assertThat(endOffsets(broker, topic) - before).isEqualTo(40);

        JsonPath audit = admin().queryParam("action", "replay").get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> entries = audit.getList("findAll { it.jobId == '" + job.getString("id") + "' }");
        assertThat(entries).extracting(e -> e.get("action")).contains("replay.start", "replay.end");
        admin().get("/api/v1/audit/verify").then().statusCode(200).body("intact", org.hamcrest.Matchers.is(true));
    }

    @Test
    void oneFailureReasonGoesToAChosenTopicAndTheRestStay() throws Exception {
        String topic = "replay-reason-" + id;
        String dlq = builtinDeadLetters(topic, 20);
        Broker broker = embedded.broker().orElseThrow();
        broker.createTopic("fixed-" + id, TopicConfig.partitions(1));
        Map<String, Object> body = Map.of("source", "builtin", "queue", dlq, "selection", "reason",
                "reason", "order # not found", "destination", "fixed-" + id);
        JsonPath preview = operator().body(body).post("/api/v1/replays").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getLong("selected")).isEqualTo(10);
        assertThat(preview.getMap("destinations")).containsOnly(Map.entry("fixed-" + id, 10));

        Map<String, Object> apply = new HashMap<>(body);
        apply.put("dryRun", false);
        JsonPath job = finished(start(apply));
        assertThat(job.getLong("replayed")).isEqualTo(10);
        assertThat(job.getLong("passedOver")).isEqualTo(10);
        List<LogRecord> moved = broker.read("fixed-" + id, 0, 0, 100);
        assertThat(moved).hasSize(10).allSatisfy(r -> assertThat(Integer.parseInt(r.headers().get("n")) % 2).isZero());
        assertThat(broker.describeGroup(topic, "workers").deadLetters())
                .as("a partial replay leaves the group's dead-letter count as it was").isEqualTo(20);
    }

    @Test
    void aRateLimitedJobPausesAndResumesWithoutRepeatingAMessage() throws Exception {
        String topic = "replay-pause-" + id;
        String dlq = builtinDeadLetters(topic, 120);
        Broker broker = embedded.broker().orElseThrow();
        long before = endOffsets(broker, topic);
        String jobId = start(Map.of("source", "builtin", "queue", dlq, "dryRun", false, "ratePerSecond", 40))
                .getString("id");
        awaitDone(jobId, 20);
        operator().post("/api/v1/replays/" + jobId + "/pause").then().statusCode(200);
        JsonPath paused = await(jobId, "paused");
        assertThat(paused.getLong("done")).isLessThan(120);
        operator().post("/api/v1/replays/" + jobId + "/pause").then().statusCode(409)
                .body("error", containsString("only a running job can be paused"));
        operator().post("/api/v1/replays/" + jobId + "/resume").then().statusCode(200);
        JsonPath job = finished(jobId);
        assertThat(job.getLong("replayed")).isEqualTo(120);
        assertThat(endOffsets(broker, topic) - before).as("no message published twice").isEqualTo(120);
        operator().post("/api/v1/replays/" + jobId + "/cancel").then().statusCode(409);
    }

    @Test
    void viewersMayWatchButNotReplay() {
        given().auth().preemptive().basic("vera", "viewer-password").contentType(ContentType.JSON)
                .body(Map.of("source", "builtin", "queue", "x")).post("/api/v1/replays").then().statusCode(403);
        given().auth().preemptive().basic("vera", "viewer-password").get("/api/v1/replays").then().statusCode(200);
        admin().get("/api/v1/replays/no-such-job").then().statusCode(404).body("error", containsString("no replay job"));
        admin().body(Map.of("source", "builtin", "queue", "x", "selection", "everything")).post("/api/v1/replays")
                .then().statusCode(400).body("error", containsString("selection must be all, filter, reason or selected"));
        admin().body(Map.of("source", "builtin", "queue", "no-such-dlq-" + id)).post("/api/v1/replays")
                .then().statusCode(404);
        String openApi = admin().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openApi).contains("/api/v1/replays:", "/api/v1/replays/{id}:", "/api/v1/replays/{id}/resume:",
                "/api/v1/replays/{id}/cancel:", "/api/v1/replays/{id}/outcomes:");
    }

    // ---- Kafka

    @Test
    void kafkaDeadLettersOfSpringKafkaGoBackToTheirTopicAndPartitionKeepingKeyHeadersAndTime() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "Kafka");
        String topic = "replay-orders-" + id;
        String dlt = topic + ".DLT";
        createKafkaTopic(topic, 3);
        createKafkaTopic(dlt, 1);
        Instant stamp = Instant.parse("2026-11-30T08:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 30; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlt, 0, stamp.toEpochMilli() + i,
                        ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        ("{\"order\":" + i + ",\"kind\":\"" + (i < 10 ? "refund" : "sale") + "\"}").getBytes(StandardCharsets.UTF_8));
                record.headers().add(new RecordHeader("kafka_dlt-original-topic", topic.getBytes(StandardCharsets.UTF_8)));
                record.headers().add(new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(i % 3).array()));
                record.headers().add(new RecordHeader("kafka_dlt-exception-message", ("bad order " + i).getBytes(StandardCharsets.UTF_8)));
                producer.send(record).get();
            }
        }
        Map<String, Object> body = Map.of("source", "kafka", "queue", dlt, "selection", "filter",
                "filter", Map.of("jsonPath", "$.kind", "jsonValue", "refund"));
        JsonPath preview = operator().body(body).post("/api/v1/replays").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getLong("queued")).isEqualTo(30);
        assertThat(preview.getLong("selected")).isEqualTo(10);
        assertThat(preview.getMap("destinations")).containsOnly(Map.entry(topic, 10));

        Map<String, Object> apply = new HashMap<>(body);
        apply.put("dryRun", false);
        JsonPath job = finished(start(apply));
        assertThat(job.getLong("replayed")).isEqualTo(10);
        assertThat(job.getLong("passedOver")).isEqualTo(20);

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 3, 10);
        assertThat(records).hasSize(10);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int n = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(4));
            assertThat(r.partition()).as("back to its original partition").isEqualTo(n % 3);
            assertThat(r.timestamp()).isEqualTo(stamp.toEpochMilli() + n);
            assertThat(new String(r.headers().lastHeader("weir.replay.job").value(), StandardCharsets.UTF_8))
                    .isEqualTo(job.getString("id"));
            assertThat(r.headers().lastHeader("kafka_dlt-original-topic")).isNotNull();
        }
        // A Kafka dead-letter topic is not deleted from: a second job skips what the first replayed.
        Map<String, Object> all = Map.of("source", "kafka", "queue", dlt, "dryRun", false);
        JsonPath second = finished(start(all));
        assertThat(second.getLong("skipped")).isEqualTo(10);
        assertThat(second.getLong("replayed")).isEqualTo(20);
        assertThat(readAll(topic, 3, 30)).hasSize(30);

        // The ledger stores runs of offsets and pages through them one message each.
        String outcomes = "/api/v1/replays/" + second.getString("id") + "/outcomes";
        JsonPath ledger = admin().get(outcomes + "?limit=1000").then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("offset", Long.class)).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 30).boxed().toList());
        assertThat(ledger.getList("outcome", String.class).subList(0, 10)).containsOnly("skipped");
        assertThat(ledger.getList("outcome", String.class).subList(10, 30)).containsOnly("replayed");
        JsonPath page = admin().get(outcomes + "?offset=5&limit=10").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("offset", Long.class)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(page.getList("reason", String.class).subList(0, 5)).containsOnly("replayed before");
        JsonPath replayedPage = admin().get(outcomes + "?outcome=replayed&offset=3&limit=4").then().statusCode(200)
                .extract().jsonPath();
        assertThat(replayedPage.getList("offset", Long.class)).containsExactly(13L, 14L, 15L, 16L);
        assertThat(admin().get(outcomes + "?offset=30").then().statusCode(200).extract().jsonPath().getList("offset"))
                .isEmpty();
    }

    @Test
    void aSourcesOwnOriginHeaderNamesWhereKafkaDeadLettersGoBack() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "Kafka");
        String topic = "replay-custom-" + id;
        String dlq = topic + "-dlq";
        createKafkaTopic(topic, 1);
        createKafkaTopic(dlq, 1);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlq, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(new RecordHeader("x-original-topic", topic.getBytes(StandardCharsets.UTF_8)));
                producer.send(record).get();
            }
        }
        JsonPath page = admin().get("/api/v1/sources/kafka/queues/" + dlq + "/messages").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("messages.deadLetter.format", String.class)).hasSize(5).containsOnly("header");
        assertThat(page.getList("messages.deadLetter.destination", String.class)).containsOnly(topic);
        JsonPath job = finished(start(Map.of("source", "kafka", "queue", dlq, "dryRun", false)));
        assertThat(job.getLong("replayed")).isEqualTo(5);
        assertThat(readAll(topic, 1, 5)).hasSize(5);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void createKafkaTopic(String name, int partitions) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partitions, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            return records;
        }
    }

    // ---- RabbitMQ

    @Test
    void rabbitDeadLettersGoBackToTheQueueTheyDiedInAndLeaveTheDeadLetterQueue() throws Exception {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "RabbitMQ");
        String queue = "replay-work-" + id;
        String dlq = queue + ".dlq";
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(dlq, true, false, false, null);
            channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", dlq));
            try {
                channel.confirmSelect();
                for (int i = 0; i < 25; i++) {
                    channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("m" + i)
                            .headers(Map.of("kind", i < 5 ? "vip" : "plain")).build(), ("job " + i).getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(10_000);
                for (int i = 0; i < 25; i++) {
                    GetResponse got = awaitGet(channel, queue);
                    channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
                }
                awaitCount(channel, dlq, 25);

                Map<String, Object> vip = Map.of("source", "rabbit", "queue", dlq, "selection", "filter",
                        "filter", Map.of("header", "kind:vip"), "dryRun", false);
                JsonPath first = finished(start(vip));
                assertThat(first.getLong("replayed")).isEqualTo(5);
                assertThat(first.getLong("passedOver")).isEqualTo(20);
                assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(5);
                assertThat(channel.queueDeclarePassive(dlq).getMessageCount()).as("the others stay").isEqualTo(20);

                JsonPath rest = finished(start(Map.of("source", "rabbit", "queue", dlq, "dryRun", false)));
                assertThat(rest.getLong("replayed")).isEqualTo(20);
                assertThat(channel.queueDeclarePassive(dlq).getMessageCount()).isZero();
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < 25; i++) {
                    GetResponse got = awaitGet(channel, queue);
                    ids.add(got.getProps().getMessageId());
                    assertThat(got.getProps().getHeaders()).containsKey("weir.replay.job").containsKey("x-death");
                    channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
                }
                assertThat(ids).hasSize(25);
            } finally {
                channel.queueDelete(queue);
                channel.queueDelete(dlq);
            }
        }
    }

    private static GetResponse awaitGet(Channel channel, String queue) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse got = channel.basicGet(queue, false);
            if (got != null) {
                return got;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message arrived in " + queue);
    }

    private static void awaitCount(Channel channel, String queue, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (channel.queueDeclarePassive(queue).getMessageCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(queue + " never held " + count + " messages");
            }
            Thread.sleep(20);
        }
    }

    // ---- helpers

    private static long endOffsets(Broker broker, String topic) {
        return broker.describeTopic(topic).partitions().stream().mapToLong(p -> p.endOffset()).sum();
    }

    private static JsonPath start(Map<String, Object> body) {
        return operator().body(body).post("/api/v1/replays").then().statusCode(202).extract().jsonPath();
    }

    private static JsonPath finished(JsonPath started) {
        return finished(started.getString("id"));
    }

    private static JsonPath finished(String jobId) {
        return await(jobId, "finished");
    }

    private static JsonPath await(String jobId, String state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath job;
        do {
            job = admin().get("/api/v1/replays/" + jobId).then().statusCode(200).extract().jsonPath();
            if (job.getString("state").equals(state)) {
                return job;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + jobId + " never became " + state + ": " + job.prettify());
    }

    private static void awaitDone(String jobId, long done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (admin().get("/api/v1/replays/" + jobId).then().extract().jsonPath().getLong("done") < done) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " never got to " + done + " messages");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType(ContentType.JSON);
    }

    /** The test profile has no operator user; the admin holds the operator role too. */
    private static RequestSpecification operator() {
        return admin();
    }
}
