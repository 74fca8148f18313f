package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import io.weir.testing.PostgresDatabase;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Weir processes (the PostgreSQL build) on one fresh PostgreSQL database, one rule that
 * fires at once and a webhook receiver that is slow to answer. The leader is killed (SIGKILL) and
 * the other takes over within two poll intervals without notifying the firing alert again; then the
 * new leader is frozen (SIGSTOP) past its lease, the other takes over and notifies, and the frozen
 * one, let run again, sends nothing and steps down.
 */
class FailoverIT {

    private static final String ALERT = "HaProbe";
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private PostgresDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void freshDatabase() throws Exception {
        database = PostgresDatabase.create("weir_failover_it");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void killedLeaderIsReplacedWithinTwoPollsAndAFrozenOneSendsNothingWhenItWakes() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        writeRule(rules, 1);
        try (HttpReceiver hook = new HttpReceiver(Answer.of(200, "ok").after(Duration.ofMillis(1500)))) {
            WeirProcess a = start("a", rules, hook);
            WeirProcess b = start("b", rules, hook);
            try (a; b) {
                assertThat(leads(a)).as("the first replica started leads").isTrue();
                assertThat(leads(b)).isFalse();
                HttpReceiver.await("the firing notification", WAIT, () -> hook.requests().size() == 1);
                HttpReceiver.await("its delivery recorded", WAIT, () -> undelivered() == 0);
                JsonNode firing = alert(a);

                a.kill();
                long killed = System.nanoTime();
                HttpReceiver.await("replica b leading", WAIT, () -> leads(b));
                Duration failover = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("FailoverIT: kill -> new leader " + failover.toMillis() + " ms");
                assertThat(failover).as("takeover after SIGKILL").isLessThanOrEqualTo(POLL.multipliedBy(2));
                HttpReceiver.await("replica b evaluating", WAIT, () -> alert(b) != null && !alert(b).get("value").isNull());
                Thread.sleep(4_000); // evaluations and group intervals on the new leader
                assertThat(statuses(hook)).as("nothing notified again by the new leader").containsExactly("firing");
                JsonNode kept = alert(b);
                assertThat(kept.get("activeAt").asText()).isEqualTo(firing.get("activeAt").asText());
                assertThat(kept.get("firedAt").asText()).isEqualTo(firing.get("firedAt").asText());

                writeRule(rules, 2); // the alert resolves
                HttpReceiver.await("the resolved notification", WAIT, () -> hook.requests().size() == 2);
                a.restart(); // back as a follower
                assertThat(leads(a)).isFalse();
                assertThat(statuses(hook)).containsExactly("firing", "resolved");

                b.pause();
                long paused = System.nanoTime();
                writeRule(rules, 1); // fires again while the leader is frozen
                HttpReceiver.await("replica a leading", WAIT, () -> leads(a));
                System.out.println("FailoverIT: SIGSTOP -> new leader " + Duration.ofNanos(System.nanoTime() - paused).toMillis() + " ms");
                HttpReceiver.await("the firing notification from replica a", WAIT, () -> hook.requests().size() == 3);
                Thread.sleep(LEASE.toMillis()); // the frozen leader's lease long expired
                b.unpause();
                HttpReceiver.await("replica b stepping down", WAIT, () -> b.log().stream()
                        .anyMatch(line -> line.contains("is no longer the leader")));
                Thread.sleep(4_000);
                assertThat(leads(b)).isFalse();
                assertThat(leads(a)).isTrue();
                assertThat(statuses(hook)).as("every notification once").containsExactly("firing", "resolved", "firing");
                assertThat(undelivered()).isZero();
                assertThat(attemptsPerNotification()).containsOnly(1);
            }
        }
    }

    /**
     * Three replicas and a series of leader kills ({@code -Dfailover.rounds}, default 5): after each
     * kill the alert flips (firing, resolved, firing, ...), so each new leader must notify exactly
     * once what the old one did not see; the killed replica comes back as a follower.
     */
    @Test
    void seriesOfLeaderKillsAmongThreeReplicasNotifiesEveryChangeExactlyOnce() throws Exception {
        int rounds = Integer.getInteger("failover.rounds", 5);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        writeRule(rules, 1);
        try (HttpReceiver hook = new HttpReceiver(Answer.of(200, "ok").after(Duration.ofMillis(500)))) {
            List<WeirProcess> replicas = new ArrayList<>();
            // Closed by try-with-resources, so a log check failing at close is added to a failure in the test, not in its place.
            AutoCloseable closeAll = () -> {
                AssertionError problems = null;
                for (WeirProcess replica : replicas) {
                    try {
                        replica.close();
                    } catch (AssertionError e) {
                        if (problems == null) {
                            problems = e;
                        } else {
                            problems.addSuppressed(e);
                        }
                    }
                }
                if (problems != null) {
                    throw problems;
                }
            };
            try (closeAll) {
                for (String name : List.of("a", "b", "c")) {
                    replicas.add(start(name, rules, hook));
                }
                List<String> expected = new ArrayList<>(List.of("firing"));
                HttpReceiver.await("the first notification", WAIT, () -> hook.requests().size() == 1);
                List<Long> failovers = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    HttpReceiver.await("every delivery recorded", WAIT, () -> undelivered() == 0);
                    WeirProcess leader = replicas.stream().filter(this::leads).findFirst().orElseThrow();
                    leader.kill();
                    long killed = System.nanoTime();
                    boolean fire = round % 2 == 0;
                    writeRule(rules, fire ? 1 : 2);
                    expected.add(fire ? "firing" : "resolved");
                    HttpReceiver.await("a new leader", WAIT, () -> replicas.stream().filter(r -> r != leader).anyMatch(this::leads));
                    failovers.add(Duration.ofNanos(System.nanoTime() - killed).toMillis());
                    int count = expected.size();
                    HttpReceiver.await("notification " + count, WAIT, () -> hook.requests().size() >= count);
                    leader.restart();
                }
                HttpReceiver.await("every delivery recorded", WAIT, () -> undelivered() == 0);
                Thread.sleep(3_000);
                System.out.println("FailoverIT: " + rounds + " kills, kill -> new leader (ms): " + failovers
                        + ", notifications " + hook.requests().size() + " of " + expected.size() + " expected");
                assertThat(statuses(hook)).isEqualTo(expected);
                assertThat(failovers).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(POLL.multipliedBy(2).toMillis()));
            }
        }
    }

    private WeirProcess start(String name, Path rules, HttpReceiver hook) throws Exception {
        WeirProcess weir = WeirProcess.startPostgresqlBuild(dir.resolve(name), Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl()),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                Map.entry("WEIR_ADMIN_PASSWORD", "failover-password"),
                Map.entry("WEIR_CLUSTER_ENABLED", "true"),
                Map.entry("WEIR_CLUSTER_RENEW_INTERVAL", "500ms"),
                Map.entry("WEIR_CLUSTER_LEASE_DURATION", LEASE.toMillis() + "ms"),
                Map.entry("WEIR_SOURCES_BUILTIN_KIND", "builtin"),
                Map.entry("WEIR_SOURCES_BUILTIN_POLL_INTERVAL", POLL.toSeconds() + "s"),
                Map.entry("WEIR_ALERTING_RULES_DIR", rules.toString()),
                Map.entry("WEIR_ALERTING_RELOAD_INTERVAL", "1s"),
                Map.entry("WEIR_ALERTING_RECEIVERS_HOOK_TYPE", "webhook"),
                Map.entry("WEIR_ALERTING_RECEIVERS_HOOK_URL", hook.url("/hook")),
                Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_RECEIVER", "hook"),
                Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT", "1s"),
                Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_GROUP_INTERVAL", "1s")));
        // A frozen JVM finds its event loop "blocked" when it runs again.
        return weir.expectLog("has been blocked for");
    }

    /** The probe fires while the built-in broker is up ({@code weir_source_up == 1}), resolves with 2. */
    private static void writeRule(Path rules, int up) throws IOException {
        Path file = rules.resolve("ha.yml");
        Path next = rules.resolve("ha.yml.next");
        Files.writeString(next, """
                groups:
                  - name: ha
                    interval: 1s
                    rules:
                      - alert: %s
                        expr: weir_source_up{source="builtin"} == %d
                """.formatted(ALERT, up));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private boolean leads(WeirProcess weir) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().anyMatch(line -> line.equals("weir_leader 1.0"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode alert(WeirProcess weir) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/api/v1/alerts"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:failover-password".getBytes()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode alert : JSON.readTree(response.body())) {
                if (alert.at("/labels/alertname").asText().equals(ALERT)) {
                    return alert;
                }
            }
            return null;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/alerts failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> statuses(HttpReceiver hook) throws IOException {
        List<String> statuses = new ArrayList<>();
        for (HttpReceiver.Request request : hook.requests()) {
            statuses.add(JSON.readTree(request.body()).get("status").asText());
        }
        return statuses;
    }

    private long undelivered() {
        try (Connection db = database.connect();
                ResultSet count = db.createStatement().executeQuery("SELECT count(*) FROM notification_outbox WHERE status <> 'DELIVERED'")) {
            count.next();
            return count.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private List<Integer> attemptsPerNotification() throws java.sql.SQLException {
        List<Integer> attempts = new ArrayList<>();
        try (Connection db = database.connect();
                ResultSet rows = db.createStatement().executeQuery("SELECT attempts FROM notification_outbox ORDER BY id")) {
            while (rows.next()) {
                attempts.add(rows.getInt(1));
            }
        }
        return attempts;
    }
}
