package io.weir.alerting.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.testing.LaggingGroup;
import io.weir.testing.TestServices;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rule engine in the running application, over real Kafka lag polled every second: rule files
 * written at run time are picked up, alerts go pending, fire after {@code for}, are persisted and
 * handed on as {@code AlertBatch} events, and resolve when the lag is gone; a broken file is
 * reported with its line while its last good version stays active.
 */
@QuarkusTest
class RuleEngineKafkaTest {

    private static final Path RULES = Path.of("target/test-alert-rules");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    RuleEngine engine;
    @Inject
    RecordedAlertBatches batches;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "alert-lag-" + run;
    private final String group = "alert-group-" + run;
    private final Path ruleFile = RULES.resolve("test-" + run + ".yml");
    private LaggingGroup kafka;

    @BeforeAll
    static void requireKafka() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
    }

    @BeforeEach
    void createTopic() throws Exception {
        Files.createDirectories(RULES);
        kafka = LaggingGroup.create(topic, group);
    }

    @AfterEach
    void cleanUp() throws Exception {
        Files.deleteIfExists(ruleFile);
        kafka.delete();
    }

    @Test
    void ruleOverRealKafkaLagGoesPendingThenFiringThenResolves() throws Exception {
        kafka.produce(30);
        kafka.commit(5);
        String alertName = "LagOver10_" + run.replace('-', '_');
        Files.writeString(ruleFile, """
                groups:
                  - name: lag-%s
                    rules:
                      - alert: %s
                        expr: weir_consumergroup_lag_messages{group="%s"} > 10
                        for: 3s
                        labels:
                          severity: warning
                        annotations:
                          summary: "{{ $labels.group }} lags {{ $value }} messages on {{ $labels.topic }}"
                """.formatted(run, alertName, group));

        Alert pending = await("the alert pending", () -> alert(alertName), a -> a.state() == AlertState.PENDING);
        Alert firing = await("the alert firing", () -> alert(alertName), a -> a.state() == AlertState.FIRING);
        assertThat(firing.activeAt()).isEqualTo(pending.activeAt());
        assertThat(Duration.between(firing.activeAt(), firing.firedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(firing.labels()).containsEntry("group", group).containsEntry("topic", topic)
                .containsEntry("source", "kafka").containsEntry("severity", "warning");
        assertThat(firing.annotations()).containsEntry("summary", group + " lags 25 messages on " + topic);
        await("the firing alert handed on", () -> batches.alertsNamed(alertName).stream().findFirst(), a -> true);
        assertThat(batches.alertsNamed(alertName)).as("only firing alerts are handed on")
                .allSatisfy(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
        StoredAlert stored = await("the firing alert persisted", () -> stored(alertName),
                s -> s.state.equals("FIRING"));
        assertThat(stored.firedAt).isEqualTo(firing.firedAt());
        assertThat(stored.activeAt).isEqualTo(firing.activeAt());
        assertThat(given().accept("text/plain").get("/q/metrics").asString())
                .containsPattern("weir_alerts\\{severity=\"warning\",state=\"firing\",?} [1-9]")
                .contains("weir_rule_group_last_duration_seconds{file=\"test-" + run + ".yml\",rule_group=\"lag-" + run + "\"");

        kafka.commit(30);
        Alert resolved = await("the alert resolved", () -> alert(alertName), a -> a.state() == AlertState.RESOLVED);
        assertThat(resolved.firedAt()).isEqualTo(firing.firedAt());
        // The event follows the state change within the same evaluation; wait for it.
        Alert handedOn = await("the resolve handed on", () -> batches.alertsNamed(alertName).stream()
                .filter(a -> a.state() == AlertState.RESOLVED).findFirst(), a -> true);
        assertThat(handedOn.resolvedAt()).isEqualTo(resolved.resolvedAt());
        assertThat(batches.alertsNamed(alertName)).filteredOn(a -> a.state() == AlertState.RESOLVED).hasSize(1);
    }

    @Test
    void brokenFileIsReportedWithItsLineAndItsLastGoodVersionStaysActive() throws Exception {
        String alertName = "KafkaUp_" + run.replace('-', '_');
        String good = """
                groups:
                  - name: up-%s
                    rules:
                      - alert: %s
                        expr: weir_source_up{source="kafka"} == 1
                """.formatted(run, alertName);
        Files.writeString(ruleFile, good);
        await("the rule loaded", () -> rule(alertName), r -> true);

        Files.writeString(ruleFile, good + "        fro: 5m\n");
        RuleLoadError error = await("the file refused", () -> engine.loadErrors().stream()
                .filter(e -> e.file().equals(ruleFile.getFileName().toString())).findFirst(), e -> true);
        assertThat(error.line()).isEqualTo(6);
        assertThat(error.reason()).contains("unknown key \"fro\"");
        assertThat(rule(alertName)).as("the last good version stays active").isPresent();
        await("the rule evaluated while its file is broken", () -> rule(alertName), r -> r.lastEvaluation() != null
                && r.lastEvaluation().isAfter(Instant.now().minusSeconds(3)));
        assertThat(given().accept("text/plain").get("/q/metrics").asString()).containsPattern("weir_rule_load_errors(\\{\\})? [1-9]");

        Files.writeString(ruleFile, good.replace("== 1", "== 1 # fixed"));
        await("the error cleared", () -> Optional.of(engine.loadErrors()), errors -> errors.stream()
                .noneMatch(e -> e.file().equals(ruleFile.getFileName().toString())));
    }

    private Optional<Alert> alert(String name) {
        return engine.alerts().stream().filter(a -> name.equals(a.name())).findFirst();
    }

    private Optional<RuleStatus> rule(String name) {
        return engine.rules().stream().filter(r -> r.rule().name().equals(name)).findFirst();
    }

    private static Optional<StoredAlert> stored(String name) {
        return QuarkusTransaction.requiringNew().call(() ->
                StoredAlert.<StoredAlert>find("alertName", name).firstResultOptional());
    }

    private static <T> T await(String what, Supplier<Optional<T>> read, Predicate<T> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        Optional<T> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + what + " within " + WITHIN + "; last seen: " + last);
    }



}
