package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.Browser;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import io.weir.testing.PostgresDatabase;
import io.weir.testing.TestServices;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Two real Weir processes (the PostgreSQL build) on one fresh PostgreSQL database, one rule that
 * fires at once and a webhook receiver that is slow to answer. Both poll the shared Kafka too: the
 * follower serves what a producer wrote as soon as the leader does (within a poll interval), its
 * console header names the leader, and it refuses a purge that the leader applies. The leader is
 * killed (SIGKILL) and the other takes over within two poll intervals without notifying the firing
 * alert again, and its header says it leads; then the new leader is frozen (SIGSTOP) past its
 * lease, the other takes over and notifies, and the frozen one, let run again, sends nothing and
 * steps down.
 */
class FailoverIT {

    private static final String ALERT = "HaProbe";
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "failover-password";
    /** The shared Kafka, polled by both replicas of the first test at the same interval as the built-in broker. */
    private static final Map<String, String> KAFKA_SOURCE = Map.of(
            "WEIR_SOURCES_KAFKA_KIND", "kafka",
            "WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP,
            "WEIR_SOURCES_KAFKA_POLL_INTERVAL", POLL.toSeconds() + "s",
            // The shared broker answers slowly while other tests load it; a late poll is not what this test checks.
            "WEIR_SOURCES_KAFKA_TIMEOUT", "15s");
    private static final int FRESHNESS_WRITES = 5;
    /** Allowance for two HTTP reads of the replicas and the scheduling of a loaded machine. */
    private static final Duration FRESHNESS_SLACK = Duration.ofMillis(500);

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
            WeirProcess a = start("a", rules, hook, KAFKA_SOURCE);
            WeirProcess b = start("b", rules, hook, KAFKA_SOURCE);
            try (a; b; Browser browser = new Browser()) {
                assertThat(leads(a)).as("the first replica started leads").isTrue();
                assertThat(leads(b)).isFalse();
                String leaderA = leaseHolder();
                followerRefusesAPurgeTheLeaderApplies(a, b, leaderA);
                followerServesWhatTheLeaderServesWithinOnePoll(a, b);
                HttpReceiver.await("the firing notification", WAIT, () -> hook.requests().size() == 1);
                HttpReceiver.await("its delivery recorded", WAIT, () -> undelivered() == 0);
                JsonNode firing = alert(a);

                browser.signIn(a.baseUrl(), "admin", PASSWORD);
                awaitHeader(browser, "replica a's header", "Leader: this replica (" + leaderA + ")");
                browser.signIn(b.baseUrl(), "admin", PASSWORD);
                awaitHeader(browser, "replica b's header", "Leader: " + leaderA + " · this replica follows");
                browser.screenshot("failover-follower-header");

                a.kill();
                long killed = System.nanoTime();
                HttpReceiver.await("replica b leading", WAIT, () -> leads(b));
                Duration failover = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("FailoverIT: kill -> new leader " + failover.toMillis() + " ms");
                assertThat(failover).as("takeover after SIGKILL").isLessThanOrEqualTo(POLL.multipliedBy(2));
                String leaderB = leaseHolder();
                assertThat(leaderB).isNotEqualTo(leaderA);
                // Pushed to the open page, without a reload.
                awaitHeader(browser, "replica b's header after the kill", "Leader: this replica (" + leaderB + ")");
                browser.screenshot("failover-new-leader-header");
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

    /**
     * On the follower a purge passes every check but the last (admin, confirmed) and is refused with
     * 503 naming the leader; the same purge on the leader removes the messages.
     */
    private void followerRefusesAPurgeTheLeaderApplies(WeirProcess leader, WeirProcess follower, String leaderName)
            throws Exception {
        String topic = "purge-probe";
        assertThat(post(leader, "/api/broker/v1/topics", "{\"name\": \"" + topic + "\", \"partitions\": 1}").statusCode())
                .isEqualTo(201);
        assertThat(post(leader, "/api/broker/v1/topics/" + topic + "/messages",
                "{\"messages\": [{\"value\": \"1\"}, {\"value\": \"2\"}, {\"value\": \"3\"}]}").statusCode()).isEqualTo(200);
        String purge = "/api/v1/sources/builtin/queues/" + topic + "/purge";
        String confirmed = "{\"confirm\": \"" + topic + "\"}";

        HttpResponse<String> refused = post(follower, purge, confirmed);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(JSON.readTree(refused.body()).get("error").asText())
                .contains("is not the leader").contains("purges are applied by the leader (" + leaderName + ")");

        HttpResponse<String> purged = post(leader, purge, confirmed);
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
        assertThat(JSON.readTree(purged.body()).get("removed").asLong()).isEqualTo(3);
    }

    /**
     * Both replicas poll the shared Kafka themselves: after each message a producer writes, the time
     * until each replica's API counts it. The follower's must stay within one poll interval (plus
     * the poll's own duration) of the write, as the leader's does.
     */
    private void followerServesWhatTheLeaderServesWithinOnePoll(WeirProcess leader, WeirProcess follower) throws Exception {
        String topic = "weir-freshness-" + Long.toHexString(System.nanoTime());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        TestServices.KAFKA_BOOTSTRAP, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                HttpReceiver.await("the topic on both replicas", WAIT,
                        () -> messages(leader, topic) == 0 && messages(follower, topic) == 0);
                List<Long> leaderMillis = new ArrayList<>();
                List<Long> followerMillis = new ArrayList<>();
                for (int n = 1; n <= FRESHNESS_WRITES; n++) {
                    producer.send(new ProducerRecord<>(topic, "m" + n)).get(10, TimeUnit.SECONDS);
                    long written = System.nanoTime();
                    long[] seen = {0, 0};
                    int count = n;
                    HttpReceiver.await("message " + n + " on both replicas", WAIT, () -> {
                        for (int replica = 0; replica < 2; replica++) {
                            if (seen[replica] == 0 && messages(replica == 0 ? leader : follower, topic) >= count) {
                                seen[replica] = System.nanoTime();
                            }
                        }
                        return seen[0] != 0 && seen[1] != 0;
                    });
                    leaderMillis.add((seen[0] - written) / 1_000_000);
                    followerMillis.add((seen[1] - written) / 1_000_000);
                    // The next write lands at another point of the poll cycle.
                    Thread.sleep(POLL.toMillis() / FRESHNESS_WRITES * n % POLL.toMillis() + 100);
                }
                System.out.println("FailoverIT: freshness, write -> served (ms), poll every " + POLL.toMillis()
                        + " ms: leader " + leaderMillis + ", follower " + followerMillis);
                long slowestPoll = Math.max(pollMillis(leader), pollMillis(follower));
                assertThat(followerMillis).allSatisfy(ms -> assertThat(ms)
                        .isLessThanOrEqualTo(POLL.toMillis() + slowestPoll + FRESHNESS_SLACK.toMillis()));
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** What the replica's {@code /q/metrics} says the Kafka topic holds, -1 before its poll has seen the topic. */
    private long messages(WeirProcess weir, String topic) {
        String queue = "queue=\"" + topic + "\"";
        return get(weir, "/q/metrics").body().lines()
                .filter(line -> line.startsWith("weir_queue_messages{") && line.contains(queue) && line.contains("source=\"kafka\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    /** How long the replica's latest poll of the Kafka source took. */
    private long pollMillis(WeirProcess weir) throws IOException {
        return JSON.readTree(get(weir, "/api/v1/sources/kafka").body()).get("pollMillis").asLong();
    }

    private HttpResponse<String> get(WeirProcess weir, String path) {
        return send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + path)).header("Authorization", basicAuth()).GET());
    }

    private HttpResponse<String> post(WeirProcess weir, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + path)).header("Authorization", basicAuth())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.build().uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String basicAuth() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
    }

    private void awaitHeader(Browser browser, String what, String text) {
        browser.await(what + " naming the leader", WAIT, driver -> driver.findElements(By.className("weir-leader"))
                .stream().anyMatch(header -> header.getText().equals(text)));
    }

    /** The replica the lease row names, as every replica shows it. */
    private String leaseHolder() throws java.sql.SQLException {
        try (Connection db = database.connect();
                ResultSet row = db.createStatement().executeQuery("SELECT holder FROM cluster_lease")) {
            assertThat(row.next()).as("a lease row").isTrue();
            return row.getString(1);
        }
    }

    private WeirProcess start(String name, Path rules, HttpReceiver hook) throws Exception {
        return start(name, rules, hook, Map.of());
    }

    private WeirProcess start(String name, Path rules, HttpReceiver hook, Map<String, String> more) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(more);
        environment.putAll(Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl()),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
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
        WeirProcess weir = WeirProcess.startPostgresqlBuild(dir.resolve(name), environment);
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
                    .header("Authorization", basicAuth())
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
