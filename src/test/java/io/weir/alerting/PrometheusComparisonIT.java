package io.weir.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.LaggingGroup;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weir and a real Prometheus (Debian's package) load the same rule files (the shipped ones and a
 * scenario rule); Prometheus scrapes Weir's /q/metrics every 2 s. A consumer group on the real
 * Kafka falls behind, then catches up: the same alert, with the same labels and summary, becomes
 * active in both within a scrape and an evaluation interval (plus scheduling slack) of each other,
 * fires in both, and resolves in both within the same bound.
 */
class PrometheusComparisonIT {

    private static final String PASSWORD = "compare-password";
    /** Prometheus' scrape and evaluation interval. */
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /**
     * Prometheus sees a value up to one scrape after Weir's poll and acts on it at its next
     * evaluation, so up to two intervals later; one second more for scheduling on a busy machine.
     */
    private static final Duration TOLERANCE = INTERVAL.multipliedBy(2).plusSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "compare-" + run;
    private final String group = "compare-group-" + run;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sameAlertFiresAndResolvesInWeirAndPrometheusWithinAScrapeInterval() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> shipped = Files.list(Path.of("alert-rules"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
        Files.writeString(rules.resolve("compare.yml"), """
                groups:
                  - name: compare
                    interval: 1s
                    rules:
                      - alert: CompareLag
                        expr: weir_consumergroup_lag_messages{group="%s"} > 10
                        for: 5s
                        labels:
                          severity: warning
                        annotations:
                          summary: "{{ $labels.group }} lags {{ $value }} messages on {{ $labels.topic }}"
                """.formatted(group));
        LaggingGroup kafka = LaggingGroup.create(topic, group);
        try (WeirProcess weir = WeirProcess.start(dir, Map.of(
                "WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_BROKER_ENABLED", "false",
                "WEIR_SOURCES_KAFKA_KIND", "kafka",
                "WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP,
                "WEIR_SOURCES_KAFKA_POLL_INTERVAL", "1s",
                "WEIR_ALERTING_RULES_DIR", rules.toString(),
                "WEIR_ALERTING_RELOAD_INTERVAL", "1s"))) {
            int prometheusPort = freePort();
            Process prometheus = startPrometheus(rules, weir.baseUrl(), prometheusPort);
            try {
                kafka.produce(30);
                kafka.commit(5);
                Instant weirFiring = awaitWeir(weir, "firing");
                Instant prometheusFiring = awaitPrometheus(prometheusPort, "firing");
                JsonNode weirAlert = weirAlert(weir).orElseThrow();
                JsonNode prometheusAlert = prometheusAlert(prometheusPort).orElseThrow();
                assertThat(labels(prometheusAlert.get("labels"))).isEqualTo(labels(weirAlert.get("labels")));
                assertThat(prometheusAlert.at("/annotations/summary").asText())
                        .isEqualTo(weirAlert.at("/annotations/summary").asText())
                        .isEqualTo(group + " lags 25 messages on " + topic);
                Instant weirActive = Instant.parse(weirAlert.get("activeAt").asText());
                Instant prometheusActive = Instant.parse(prometheusAlert.get("activeAt").asText());
                System.out.printf("CompareLag active in Weir at %s, in Prometheus at %s; seen firing at %s and %s%n",
                        weirActive, prometheusActive, weirFiring, prometheusFiring);
                assertThat(Duration.between(weirActive, prometheusActive).abs())
                        .as("active in Weir at %s, in Prometheus at %s", weirActive, prometheusActive)
                        .isLessThanOrEqualTo(TOLERANCE);

                kafka.commit(30);
                Instant weirResolved = awaitWeir(weir, "resolved");
                Instant prometheusResolved = awaitPrometheus(prometheusPort, "resolved");
                assertThat(Duration.between(weirResolved, prometheusResolved).abs())
                        .as("resolved in Weir at %s, in Prometheus at %s", weirResolved, prometheusResolved)
                        .isLessThanOrEqualTo(TOLERANCE);
                System.out.printf("CompareLag seen resolved in Weir at %s, in Prometheus at %s%n", weirResolved,
                        prometheusResolved);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
                kafka.delete();
            }
        }
    }

    private Process startPrometheus(Path rules, String weirUrl, int port) throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        URI weir = URI.create(weirUrl);
        // job and instance are dropped so alert labels are Weir's own, as when Weir evaluates them.
        Files.writeString(config, """
                global:
                  scrape_interval: %ds
                  evaluation_interval: %ds
                rule_files: ["%s/*.yml"]
                scrape_configs:
                  - job_name: weir
                    metrics_path: /q/metrics
                    static_configs: [{targets: ["%s:%d"]}]
                    metric_relabel_configs:
                      - action: labeldrop
                        regex: job|instance
                """.formatted(INTERVAL.toSeconds(), INTERVAL.toSeconds(), rules, weir.getHost(), weir.getPort()));
        Process prometheus;
        try {
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is missing: run .ci/services up (package prometheus)", e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                JsonNode rulesLoaded = get("http://127.0.0.1:" + port + "/api/v1/rules", null);
                // Also wait for a scrape of Weir holding a poll of Kafka: before it, Prometheus
                // could not see the lag however soon Weir did.
                JsonNode scraped = get("http://127.0.0.1:" + port + "/api/v1/query?query="
                        + URLEncoder.encode("weir_source_up{source=\"kafka\"}", StandardCharsets.UTF_8), null);
                if (rulesLoaded.at("/data/groups").size() > 0 && scraped.at("/data/result").size() > 0) {
                    return prometheus;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus did not load the rules: " + Files.readString(dir.resolve("prometheus.log")));
    }

    /** When Weir's CompareLag first showed {@code state} (lower case). */
    private Instant awaitWeir(WeirProcess weir, String state) throws Exception {
        return await("Weir's alert " + state, () -> weirAlert(weir)
                .filter(alert -> alert.get("state").asText().equalsIgnoreCase(state)).isPresent());
    }

    /** When Prometheus' CompareLag first showed {@code state}; resolved means gone from its alerts. */
    private Instant awaitPrometheus(int port, String state) throws Exception {
        return await("Prometheus' alert " + state, () -> {
            Optional<JsonNode> alert = prometheusAlert(port);
            return state.equals("resolved") ? alert.isEmpty() : alert.filter(a -> a.get("state").asText().equals(state)).isPresent();
        });
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static Instant await(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (check.holds()) {
                return Instant.now();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " not seen within 60 s");
    }

    private Optional<JsonNode> weirAlert(WeirProcess weir) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (JsonNode alert : get(weir.baseUrl() + "/api/v1/alerts", "Basic " + auth)) {
            if (alert.at("/labels/alertname").asText().equals("CompareLag")) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> prometheusAlert(int port) throws IOException, InterruptedException {
        for (JsonNode alert : get("http://127.0.0.1:" + port + "/api/v1/alerts", null).at("/data/alerts")) {
            if (alert.at("/labels/alertname").asText().equals("CompareLag")) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private JsonNode get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        labels.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }




    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
