package io.weir.broker.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.monitor.SourceMonitor;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The running Weir's Kafka listener (test profile: a free port) in front of its built-in broker:
 * what Kafka clients produce and commit, the HTTP API sees, and what the HTTP API publishes,
 * Kafka consumers read.
 */
@QuarkusTest
class EmbeddedKafkaListenerTest {

    private static final String API = "/api/broker/v1";

    @Inject
    EmbeddedKafkaListener listener;

    @Inject
    SourceMonitor monitor;

    @Test
    void kafkaClientsAndTheHttpApiShareTopicsMessagesAndGroupOffsets() throws Exception {
        String topic = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        operator().body(Map.of("name", topic, "partitions", 2, "config", Map.of())).post(API + "/topics")
                .then().statusCode(201);
        String bootstrap = "127.0.0.1:" + listener.port().orElseThrow();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "key-" + i, "kafka-" + i,
                        List.of(new RecordHeader("origin", "kafka".getBytes(StandardCharsets.UTF_8))))).get();
            }
        }
        operator().body(Map.of("messages", List.of(Map.of("key", "key-http", "value", "from-http",
                "headers", Map.of("origin", "http"))))).post(API + "/topics/" + topic + "/messages").then().statusCode(200);

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reporting");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < 7 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            consumer.commitSync();
        }
        assertThat(got).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(
                "kafka-0", "kafka-1", "kafka-2", "kafka-3", "kafka-4", "kafka-5", "from-http");
        ConsumerRecord<String, String> fromHttp = got.stream().filter(r -> r.value().equals("from-http")).findFirst()
                .orElseThrow();
        assertThat(fromHttp.key()).isEqualTo("key-http");
        assertThat(new String(fromHttp.headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("http");

        JsonPath group = given().auth().preemptive().basic("vera", "viewer-password")
                .get(API + "/topics/" + topic + "/groups/reporting").then().statusCode(200).extract().jsonPath();
        assertThat(group.getString("mode")).isEqualTo("ordered");
        assertThat(group.getList("partitions.committed", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
        assertThat(group.getLong("lag")).isZero();
    }

    @Test
    void partitionsAddedAndConfigsAlteredByAdminAreWhatTheHttpApiAndTheMonitorSee() throws Exception {
        String topic = "grown-" + UUID.randomUUID().toString().substring(0, 8);
        operator().body(Map.of("name", topic, "partitions", 2, "config", Map.of())).post(API + "/topics")
                .then().statusCode(201);
        String bootstrap = "127.0.0.1:" + listener.port().orElseThrow();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }

        JsonPath described = given().auth().preemptive().basic("vera", "viewer-password").get(API + "/topics/" + topic)
                .then().statusCode(200).extract().jsonPath();
        assertThat(described.getList("partitions.partition", Integer.class)).containsExactly(0, 1, 2, 3, 4);
        assertThat(described.getLong("config.retentionMs")).isEqualTo(86_400_000L);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen = -1;
        while (seen != 5 && System.nanoTime() < deadline) {
            seen = monitor.latest("builtin").filter(s -> s.broker() != null).flatMap(s -> s.broker().queues().stream()
                    .filter(q -> q.name().equals(topic)).findFirst()).map(q -> q.partitions().size()).orElse(-1);
            Thread.sleep(200);
        }
        assertThat(seen).as("partitions of the topic in the builtin source's latest snapshot").isEqualTo(5);
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType(ContentType.JSON);
    }
}
