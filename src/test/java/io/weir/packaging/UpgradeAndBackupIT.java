package io.weir.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import io.weir.testing.PostgresDatabase;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of Weir's data across versions and disasters, on the real PostgreSQL. First an upgrade:
 * a database and a built-in broker written by a previous Weir (src/test/upgrade/0d74d62, made by
 * make-fixture.sh from that commit: a firing alert already notified, a silence, a replay job cut
 * off by a SIGKILL, its audit entry, a minute of history) are migrated by this version's Flyway;
 * every row the old version wrote is still there, the alert keeps firing from the same time
 * without a second notification, the audit chain verifies, and the interrupted replay resumes and
 * finishes. Then the README's backup (pg_dump and a tar of the broker's directory, Weir stopped),
 * the loss of both, and the README's restore: the console shows the same alerts, silences, audit
 * entries, replay and broker messages.
 */
class UpgradeAndBackupIT {

    private static final Path FIXTURE = Path.of("src/test/upgrade/0d74d62");
    /** The admin password the previous version was started with. */
    private static final String PASSWORD = "upgrade-fixture-password";
    private static final String DATABASE = "weir_upgrade_and_backup_it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void thePreviousVersionsDataSurvivesAnUpgradeAndThenABackupAndRestore() throws Exception {
        PostgresDatabase database = PostgresDatabase.fresh(DATABASE);
        database.runSql(FIXTURE.resolve("database.sql"));
        Map<String, List<String>> keys;
        Instant activeAt;
        String replayJob;
        long auditEntries;
        try (Connection db = database.connect()) {
            keys = keepCopyOfEveryTable(db);
            activeAt = single(db, "SELECT active_at FROM alert_state WHERE alert_name = 'UpgradeBacklog'").getTimestamp(1).toInstant();
            replayJob = single(db, "SELECT id FROM replay_job").getString(1);
            auditEntries = single(db, "SELECT count(*) FROM audit_log").getLong(1);
        }
        Path weirDir = dir.resolve("weir");
        Path data = Files.createDirectories(weirDir.resolve("data"));
        untar(FIXTURE.resolve("broker.tar.gz"), data);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        // the rule the fixture was made with: the alert state it stored belongs to it
        Files.copy(FIXTURE.resolveSibling("upgrade-rules.yml"), rules.resolve("upgrade.yml"));

        try (HttpReceiver hook = new HttpReceiver(Answer.of(200, "ok"))) {
            Map<String, String> environment = new HashMap<>(database.weirEnvironment());
            environment.putAll(Map.of(
                    "WEIR_ALERTING_RULES_DIR", rules.toString(),
                    "WEIR_ALERTING_RECEIVERS_HOOK_TYPE", "webhook",
                    "WEIR_ALERTING_RECEIVERS_HOOK_URL", hook.url("/hook"),
                    "WEIR_ALERTING_ROUTES_DEFAULT_RECEIVER", "hook",
                    "WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT", "1s",
                    // the fixture ages: what it holds must not expire or be due again only because time passed
                    "WEIR_ALERTING_ROUTES_DEFAULT_REPEAT_INTERVAL", "87600h",
                    "WEIR_ALERTING_OUTBOX_HISTORY_RETENTION", "36500d",
                    "WEIR_HISTORY_ARCHIVE_RETENTION", "36500d",
                    "WEIR_SOURCES_BUILTIN_KIND", "builtin"));
            environment.put("WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s");

            try (WeirProcess weir = WeirProcess.startPostgresqlBuild(weirDir, environment)) {
                weir.expectLog("Replay job .* was interrupted");
                assertAlertStillFiringUnnotified(weir, activeAt, hook);
                assertThat(api(weir, "GET", "/api/v1/silences", null).findValuesAsText("comment"))
                        .contains("reports are rebuilt monthly");
                assertAuditIntact(weir, auditEntries);

                JsonNode interrupted = api(weir, "GET", "/api/v1/replays/" + replayJob, null);
                assertThat(interrupted.get("state").asText()).isEqualTo("interrupted");
                assertThat(interrupted.get("done").asLong()).isBetween(1L, 499L);
                api(weir, "POST", "/api/v1/replays/" + replayJob + "/resume", "");
                JsonNode finished = await("the resumed replay", weir, "/api/v1/replays/" + replayJob,
                        job -> job.get("state").asText().equals("finished"));
                assertThat(finished.get("replayed").asLong()).as(finished.toString()).isEqualTo(500);
            }
            try (Connection db = database.connect()) {
                for (Map.Entry<String, List<String>> table : keys.entrySet()) {
                    assertThat(missingRows(db, table.getKey(), table.getValue()))
                            .as("rows of %s the previous version wrote and the upgrade lost", table.getKey()).isZero();
                }
                db.createStatement().execute("DROP SCHEMA fixture CASCADE");
                auditEntries = single(db, "SELECT count(*) FROM audit_log").getLong(1);
            }

            // The README's backup, with Weir stopped; then both copies are lost and restored.
            Path dump = dir.resolve("weir.dump");
            Path brokerArchive = dir.resolve("weir-broker.tar.gz");
            database.dump(dump);
            tar(data, brokerArchive);
            database.drop();
            deleteTree(weirDir);
            PostgresDatabase.fresh(DATABASE).restore(dump);
            untar(brokerArchive, Files.createDirectories(data));

            try (WeirProcess weir = WeirProcess.startPostgresqlBuild(weirDir, environment)) {
                assertAlertStillFiringUnnotified(weir, activeAt, hook);
                assertThat(api(weir, "GET", "/api/v1/silences", null).findValuesAsText("comment"))
                        .contains("reports are rebuilt monthly");
                assertAuditIntact(weir, auditEntries);
                JsonNode replay = api(weir, "GET", "/api/v1/replays/" + replayJob, null);
                assertThat(replay.get("state").asText()).isEqualTo("finished");
                assertThat(replay.get("replayed").asLong()).isEqualTo(500);
                assertThat(orderIds(weir)).as("the broker's messages").hasSize(30).contains("order-0", "order-29");
            }
        }
        database.drop();
    }

    private void assertAlertStillFiringUnnotified(WeirProcess weir, Instant activeAt, HttpReceiver hook) throws Exception {
        JsonNode alerts = await("the alert evaluated again, on the broker's kept lag", weir, "/api/v1/alerts",
                answer -> answer.size() == 1 && answer.get(0).get("value").asDouble() == 20);
        assertThat(alerts.get(0).get("state").asText()).isEqualTo("FIRING");
        assertThat(Instant.parse(alerts.get(0).get("activeAt").asText())).isEqualTo(activeAt);
        Thread.sleep(5000);
        assertThat(hook.requests()).as("the alert was notified before, not again").isEmpty();
    }

    private void assertAuditIntact(WeirProcess weir, long entries) throws Exception {
        JsonNode verification = api(weir, "GET", "/api/v1/audit/verify", null);
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("verified").asLong()).isGreaterThanOrEqualTo(entries);
    }

    /** Every message of topic orders, read from the start by a group of the test's own. */
    private List<String> orderIds(WeirProcess weir) throws Exception {
        String topic = "/api/broker/v1/topics/orders/groups";
        api(weir, "POST", topic, "{\"name\":\"restore-check\",\"mode\":\"ordered\"}");
        List<String> ids = new ArrayList<>();
        while (true) {
            JsonNode fetched = api(weir, "POST", topic + "/restore-check/fetch?consumer=c1&max=100&wait=1s", "");
            if (fetched.get("messages").isEmpty()) {
                return ids;
            }
            fetched.get("messages").forEach(m -> ids.add(m.get("messageId").asText()));
            api(weir, "POST", topic + "/restore-check/commit?consumer=c1", "{\"offsets\":" + fetched.get("nextOffsets") + "}");
        }
    }

    /** Copies each table into schema fixture; returns each table's key columns (all columns without a primary key). */
    private static Map<String, List<String>> keepCopyOfEveryTable(Connection db) throws Exception {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertThat(tables).contains("alert_state", "audit_log", "replay_job", "history_sample", "weir_user");
        db.createStatement().execute("CREATE SCHEMA fixture");
        for (String table : tables) {
            db.createStatement().execute("CREATE TABLE fixture." + table + " AS TABLE public." + table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery("""
                    SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = 'public.%s'::regclass AND i.indisprimary""".formatted(table))) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            if (columns.isEmpty()) {
                try (ResultSet rows = db.createStatement().executeQuery(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'fixture' AND table_name = '" + table + "'")) {
                    while (rows.next()) {
                        columns.add(rows.getString(1));
                    }
                }
            }
            keys.put(table, columns);
        }
        return keys;
    }

    private static long missingRows(Connection db, String table, List<String> key) throws Exception {
        StringJoiner columns = new StringJoiner(", ");
        key.forEach(columns::add);
        try (ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM (SELECT " + columns + " FROM fixture." + table
                + " EXCEPT SELECT " + columns + " FROM public." + table + ") lost")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static ResultSet single(Connection db, String sql) throws Exception {
        ResultSet rows = db.createStatement().executeQuery(sql);
        assertThat(rows.next()).as(sql).isTrue();
        return rows;
    }

    private static void untar(Path archive, Path into) throws Exception {
        run("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", into.toString());
    }

    /** The README's copy of the built-in broker: its directory under the data directory. */
    private static void tar(Path dataDir, Path archive) throws Exception {
        run("tar", "-C", dataDir.toString(), "-czf", archive.toString(), "broker");
    }

    private static void deleteTree(Path root) throws Exception {
        run("rm", "-rf", root.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
    }

    private interface Check {
        boolean holds(JsonNode answer);
    }

    private JsonNode await(String what, WeirProcess weir, String path, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode answer = api(weir, "GET", path, null);
            if (check.holds(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + answer);
            }
            Thread.sleep(250);
        }
    }

    /** Signs in as the admin the previous version stored: the upgrade keeps users and their passwords. */
    private JsonNode api(WeirProcess weir, String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as("%s %s: %s", method, path, response.body()).isEqualTo(2);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
