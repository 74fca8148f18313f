package io.weir.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app with the shipped rule files, watching its own built-in broker as a new user
 * does: an ordered group {@code billing} and a shared group {@code mailer} whose nacked messages go
 * to its dead-letter topic. The {@code consumers.yml} alerts change state (a pending alert
 * appears and goes away, another fires), and after a restart the stored state is exactly what it
 * was: the firing alert keeps its start and firing times, the one that went away stays away.
 * Every WARN or ERROR in the app's log fails the test (a failed save of alert state used to be
 * only a WARN every 15 seconds).
 */
class AlertStatePersistenceIT {

    private static final String PASSWORD = "alert-state-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void alertsOfBuiltInGroupsComeBackAfterARestartExactlyAsTheyWereStored() throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of(
                "WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_ALERTING_RULES_DIR", Path.of("alert-rules").toAbsolutePath().toString(),
                "WEIR_ALERTING_EVALUATION_INTERVAL", "1s",
                "WEIR_SOURCES_BUILTIN_KIND", "builtin",
                "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s"))) {
            post(weir, "/topics", "{\"name\": \"orders\", \"partitions\": 1}", 201);
            post(weir, "/topics/orders/groups", "{\"name\": \"billing\", \"mode\": \"ordered\"}", 201);
            post(weir, "/topics/orders/groups", "{\"name\": \"mailer\", \"mode\": \"shared\", \"config\": {\"maxAttempts\": 1}}", 201);
            publish(weir, 0, 7);
            for (JsonNode delivery : post(weir, "/topics/orders/groups/mailer/receive?consumer=mailer-1&max=7&wait=5s", "", 200)
                    .get("deliveries")) {
                post(weir, "/topics/orders/groups/mailer/nack",
                        "{\"receipts\": [\"" + delivery.get("receipt").asText() + "\"], \"reason\": \"smtp refused\"}", 200);
            }

            // Messages arrive and billing has no consumer: NoConsumers goes pending (for: 5m).
            await(weir, "NoConsumers pending for billing", () -> {
                publish(weir, 7, 1);
                return alert(weir, "NoConsumers", "billing").isPresent();
            });
            // A consumer joins and catches up: the pending alert goes away, so it is deleted from the store.
            JsonNode fetched = post(weir, "/topics/orders/groups/billing/fetch?consumer=worker-1&max=1000&wait=1s", "", 200);
            post(weir, "/topics/orders/groups/billing/commit?consumer=worker-1", "{\"offsets\": " + fetched.get("nextOffsets")
                    + "}", 204);
            await(weir, "NoConsumers gone for billing", () -> alert(weir, "NoConsumers", "billing").isEmpty());
            // The monitor must see the commit before the rewind below, or the two look like no move at all.
            await(weir, "billing's lag 0 polled", () -> metric(weir, "weir_consumergroup_lag_messages{")
                    .stream().anyMatch(line -> line.contains("group=\"billing\"") && line.endsWith(" 0.0")));
            // The group is reset to an old position (commits only move forward, a reset is the way back):
            // ConsumerRewound fires at once (no `for`). The consumer leaves for the reset and joins again
            // at once, so NoConsumers (for: 5m) cannot come back meanwhile.
            delete(weir, "/topics/orders/groups/billing/members/worker-1");
            post(weir, "/topics/orders/groups/billing/offsets/reset", "{\"to\": \"earliest\"}", 200);
            post(weir, "/topics/orders/groups/billing/fetch?consumer=worker-1&max=1", "", 200);
            await(weir, "ConsumerRewound firing for billing", () -> alert(weir, "ConsumerRewound", "billing")
                    .map(a -> a.get("state").asText().equalsIgnoreCase("firing")).orElse(false));
            JsonNode rewound = alert(weir, "ConsumerRewound", "billing").orElseThrow();
            // Let one more evaluation save whatever changed last.
            Thread.sleep(2_000);

            weir.restart();
            // Read before the first evaluation after the restart can change anything: this is what was stored.
            JsonNode stored = alerts(weir);
            JsonNode restored = alert(weir, "ConsumerRewound", "billing")
                    .orElseThrow(() -> new AssertionError("the firing ConsumerRewound alert was not restored: " + stored));
            assertThat(restored.get("activeAt").asText()).isEqualTo(rewound.get("activeAt").asText());
            assertThat(restored.get("firedAt").asText()).isEqualTo(rewound.get("firedAt").asText());
            assertThat(alert(weir, "NoConsumers", "billing")).as("the alert that went away before the restart").isEmpty();
            assertThat(metric(weir, "weir_alert_state_save_failures_total")).as("save failures").isEmpty();
        }
    }

    /** Waits for {@code condition}; on time-out fails with the alerts as they are then. */
    private void await(WeirProcess weir, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; the alerts: " + alerts(weir));
            }
            Thread.sleep(500);
        }
    }

    private void publish(WeirProcess weir, int first, int count) throws Exception {
        List<String> messages = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            messages.add("{\"value\": \"order " + i + "\"}");
        }
        post(weir, "/topics/orders/messages", "{\"messages\": [" + String.join(",", messages) + "]}", 200);
    }

    private Optional<JsonNode> alert(WeirProcess weir, String name, String group) throws Exception {
        for (JsonNode alert : alerts(weir)) {
            if (alert.at("/labels/alertname").asText().equals(name) && alert.at("/labels/group").asText().equals(group)) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private JsonNode alerts(WeirProcess weir) throws Exception {
        HttpResponse<String> response = http.send(request(weir.baseUrl() + "/api/v1/alerts").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /api/v1/alerts: %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private List<String> metric(WeirProcess weir, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/q/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith(name)).toList();
    }

    private JsonNode post(WeirProcess weir, String path, String body, int status) throws Exception {
        HttpResponse<String> response = http.send(request(weir.baseUrl() + "/api/broker/v1" + path)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private void delete(WeirProcess weir, String path) throws Exception {
        HttpResponse<String> response = http.send(request(weir.baseUrl() + "/api/broker/v1" + path).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("DELETE %s: %s", path, response.body()).isEqualTo(204);
    }

    private static HttpRequest.Builder request(String url) {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(15));
    }
}
