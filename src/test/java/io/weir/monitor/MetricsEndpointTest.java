package io.weir.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.weir.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics} and {@code /q/health} are public, and the metrics are valid Prometheus text. */
@QuarkusTest
class MetricsEndpointTest {

    @Test
    void metricsArePublicValidPrometheusTextWithSourceSeries() throws Exception {
        String metrics = awaitMetricsContaining("weir_source_up{kind=\"kafka\",source=\"kafka\"} 1.0");
        assertThat(metrics.replace(",}", "}"))
                .contains("weir_source_up{kind=\"rabbitmq\",source=\"locked-out\"} 0.0")
                .contains("# TYPE weir_source_poll_duration_seconds summary")
                .contains("weir_source_poll_duration_seconds_count{kind=\"rabbitmq\",source=\"rabbit\"}");
        PromtoolResult check = promtoolCheckMetrics(metrics);
        assertThat(check.exitCode()).as("promtool check metrics said: " + check.output()).isZero();
    }

    /** The test profile turns {@code partition-metrics} on for the source "kafka" only. */
    @Test
    void partitionSeriesAreExportedOnlyForTheSourceThatAsksForThem() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "metrics-partitions-" + suffix;
        String group = "metrics-partitions-group-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
            try {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP),
                        new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 5; i++) {
                        producer.send(new ProducerRecord<>(topic, 0, null, "message " + i)).get(10, TimeUnit.SECONDS);
                    }
                }
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                        .all().get(10, TimeUnit.SECONDS);

                String metrics = awaitMetricsContaining("weir_partition_lag_messages{group=\"" + group
                        + "\",partition=\"0\",source=\"kafka\",topic=\"" + topic + "\"} 3.0");
                assertThat(metrics.replace(",}", "}"))
                        .contains("weir_partition_messages{partition=\"0\",source=\"kafka\",topic=\"" + topic + "\"} 5.0")
                        .contains("weir_partition_messages{partition=\"1\",source=\"kafka\",topic=\"" + topic + "\"} 0.0")
                        .as("no commit on partition 1: no lag series there")
                        .doesNotContain("weir_partition_lag_messages{group=\"" + group + "\",partition=\"1\"");
                assertThat(metrics.lines().filter(line -> line.startsWith("weir_partition_"))
                        .filter(line -> !line.contains("source=\"kafka\"")))
                        .as("sources without partition-metrics export no partition series").isEmpty();
                PromtoolResult check = promtoolCheckMetrics(metrics);
                assertThat(check.exitCode()).as("promtool check metrics said: " + check.output()).isZero();
            } finally {
                admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
                admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void readinessCoversTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200);
        String body = given().get("/q/health/ready").asString();
        assertThat(body).contains("Database connections health check").contains("\"status\": \"UP\"");
    }

    private static String awaitMetricsContaining(String line) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String metrics = "";
        while (Instant.now().isBefore(deadline)) {
            metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
            // The exposition format allows a trailing comma after the last label; compare without it.
            if (metrics.replace(",}", "}").contains(line)) {
                return metrics;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("metrics never contained " + line + ":\n" + metrics);
    }

    private record PromtoolResult(int exitCode, String output) {
    }

    private static PromtoolResult promtoolCheckMetrics(String metrics) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
            promtool.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return new PromtoolResult(promtool.exitValue(), output);
    }
}
