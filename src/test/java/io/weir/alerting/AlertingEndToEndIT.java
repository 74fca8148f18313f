package io.weir.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import io.weir.testing.HttpReceiver.Request;
import io.weir.testing.KafkaTraffic;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alerting chain of the packaged application against the real Kafka: a consumer group
 * stops consuming while messages keep arriving, its lag rule goes pending then firing, and a local
 * Slack and PagerDuty receiver (configured by environment variables) get the trigger; Slack first
 * answers 500 and still gets the message exactly once. Weir restarts while the alert fires: the
 * alert keeps its start time and nobody is notified twice. The consumer resumes and catches up:
 * both receivers get the resolve, PagerDuty with the trigger's dedup_key.
 */
class AlertingEndToEndIT {

    private static final String PASSWORD = "alert-e2e-password";
    private static final String ALERT = "ConsumerLagHigh";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "e2e-" + run;
    private final String group = "e2e-group-" + run;
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaTraffic traffic;

    @AfterEach
    void deleteTopic() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP))) {
            admin.deleteTopics(List.of(topic)).all().get();
            admin.deleteConsumerGroups(List.of(group)).all();
        }
    }

    @Test
    void stoppedConsumerIsNotifiedOnceAcrossARestartAndResolvedWithTheSameDedupKey() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        // The shipped ConsumerLagHigh, with a threshold and `for` a test can wait for.
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("consumers.yml"), """
                groups:
                  - name: consumers
                    interval: 1s
                    rules:
                      - alert: %s
                        expr: weir_consumergroup_lag_seconds{group="%s"} > 3
                        for: 3s
                        labels:
                          severity: critical
                        annotations:
                          summary: "{{ $labels.group }} is {{ $value | humanizeDuration }} behind on {{ $labels.topic }}"
                """.formatted(ALERT, group));
        try (HttpReceiver slack = new HttpReceiver(Answer.of(200, "ok"));
                HttpReceiver pagerDuty = new HttpReceiver(Answer.of(202, "{\"status\":\"success\"}"))) {
            // Slack is down for the first two attempts: the outbox retries, Slack shows it once.
            slack.script(Answer.of(500, "internal_error"), Answer.of(500, "internal_error"));
            WeirProcess weir = WeirProcess.start(dir, Map.ofEntries(
                    Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                    Map.entry("WEIR_BROKER_ENABLED", "false"),
                    Map.entry("WEIR_SOURCES_KAFKA_KIND", "kafka"),
                    Map.entry("WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP),
                    Map.entry("WEIR_SOURCES_KAFKA_POLL_INTERVAL", "1s"),
                    Map.entry("WEIR_ALERTING_RULES_DIR", rules.toString()),
                    Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_SLACK_TYPE", "slack"),
                    Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_SLACK_URL", slack.url("/services/T0/B0/X")),
                    Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_TYPE", "pagerduty"),
                    Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_URL", pagerDuty.url("/v2/enqueue")),
                    Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_ROUTING_KEY", "R0UT1NGKEY0123456789012345678901"),
                    Map.entry("WEIR_ALERTING_ROUTES_10_PAGE_RECEIVER", "on-call"),
                    Map.entry("WEIR_ALERTING_ROUTES_10_PAGE_MATCHERS", "severity=\"critical\""),
                    Map.entry("WEIR_ALERTING_ROUTES_10_PAGE_CONTINUE", "true"),
                    Map.entry("WEIR_ALERTING_ROUTES_10_PAGE_GROUP_WAIT", "1s"),
                    Map.entry("WEIR_ALERTING_ROUTES_10_PAGE_GROUP_INTERVAL", "1s"),
                    Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_RECEIVER", "team-slack"),
                    Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT", "1s"),
                    Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_GROUP_INTERVAL", "1s")));
            try (weir) {
                traffic = new KafkaTraffic(topic, group);
                traffic.startProducing();
                traffic.startConsuming();
                Thread.sleep(3_000); // a few polls of a group that keeps up
                assertThat(alert(weir)).as("an alert while the group keeps up").isEmpty();

                traffic.stopConsuming();
                HttpReceiver.await("the alert pending", WAIT, () -> state(weir).equals("pending"));
                HttpReceiver.await("the PagerDuty trigger", WAIT, () -> !pagerDuty.requests().isEmpty());
                HttpReceiver.await("the Slack message after two 500s", WAIT, () -> slack.requests().size() == 3);
                JsonNode firing = alert(weir).orElseThrow();
                assertThat(firing.get("state").asText()).isEqualToIgnoringCase("firing");
                JsonNode trigger = body(pagerDuty.requests().get(0));
                assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
                assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UT1NGKEY0123456789012345678901");
                assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
                assertThat(trigger.at("/payload/summary").asText()).startsWith(group + " is ").endsWith(" behind on " + topic);
                String dedupKey = trigger.get("dedup_key").asText();
                assertThat(dedupKey).isNotBlank();
                for (Request attempt : slack.requests()) {
                    JsonNode message = body(attempt);
                    assertThat(message.get("text").asText()).isEqualTo("[FIRING: 1] " + ALERT);
                    assertThat(message.get("blocks").toString()).contains(group, topic, "FIRING", "kafka");
                }

                weir.restart();
                double restored = alert(weir).orElseThrow().get("value").asDouble();
                HttpReceiver.await("an evaluation after the restart", WAIT,
                        () -> alert(weir).orElseThrow().get("value").asDouble() != restored);
                Thread.sleep(3_000); // three more evaluation rounds and group intervals
                JsonNode afterRestart = alert(weir).orElseThrow();
                assertThat(afterRestart.get("state").asText()).isEqualToIgnoringCase("firing");
                assertThat(afterRestart.get("activeAt").asText()).isEqualTo(firing.get("activeAt").asText());
                assertThat(afterRestart.get("firedAt").asText()).isEqualTo(firing.get("firedAt").asText());
                assertThat(pagerDuty.requests()).as("PagerDuty after the restart").hasSize(1);
                assertThat(slack.requests()).as("Slack after the restart").hasSize(3);

                traffic.startConsuming();
                HttpReceiver.await("the PagerDuty resolve", WAIT, () -> pagerDuty.requests().size() == 2);
                HttpReceiver.await("the Slack resolved message", WAIT, () -> slack.requests().size() == 4);
                JsonNode resolve = body(pagerDuty.requests().get(1));
                assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
                assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedupKey);
                JsonNode resolved = body(slack.requests().get(3));
                assertThat(resolved.get("text").asText()).isEqualTo("[RESOLVED: 1] " + ALERT);
                assertThat(resolved.get("blocks").toString()).contains(group, "RESOLVED");
                assertThat(state(weir)).isEqualTo("resolved");
            }
        }
    }

    private String state(WeirProcess weir) {
        return alert(weir).map(a -> a.get("state").asText().toLowerCase()).orElse("");
    }

    private Optional<JsonNode> alert(WeirProcess weir) {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/api/v1/alerts"))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /api/v1/alerts: %s", response.body()).isEqualTo(200);
            for (JsonNode alert : JSON.readTree(response.body())) {
                if (alert.at("/labels/alertname").asText().equals(ALERT)) {
                    return Optional.of(alert);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/alerts failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode body(Request request) throws IOException {
        return JSON.readTree(request.body());
    }
}
