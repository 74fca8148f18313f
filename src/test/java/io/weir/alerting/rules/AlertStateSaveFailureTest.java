package io.weir.alerting.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database that refuses the alert state is never silent: the group is listed with the reason
 * and since when (the Rules page shows that list), {@code weir_alert_state_save_failures_total}
 * counts the failed saves, and once the database takes writes again the state is saved and the
 * failure is gone.
 */
@QuarkusTest
class AlertStateSaveFailureTest {

    private static final Path RULES = Path.of("target/test-alert-rules");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    RuleEngine engine;
    @Inject
    EntityManager entities;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String groupName = "save-" + run;
    private final Path ruleFile = RULES.resolve("save-" + run + ".yml");
    private boolean tableMoved;

    @AfterEach
    void cleanUp() throws Exception {
        Files.deleteIfExists(ruleFile);
        if (tableMoved) {
            renameTable("alert_state_away", "alert_state");
        }
    }

    @Test
    void aFailedSaveOfAlertStateIsCountedAndListedUntilASaveSucceeds() throws Exception {
        Files.createDirectories(RULES);
        Files.writeString(ruleFile, """
                groups:
                  - name: %s
                    rules:
                      - alert: AlwaysPending
                        expr: weir_source_up >= 0
                        for: 1h
                """.formatted(groupName));
        await("the group loaded", () -> engine.rules().stream().anyMatch(rule -> rule.group().equals(groupName)));
        // Loaded (its stored alerts read): now the database refuses every write of its state.
        renameTable("alert_state", "alert_state_away");
        tableMoved = true;

        await("a listed save failure", () -> failure() != null);
        AlertStateSaveFailure failure = failure();
        assertThat(failure.file()).isEqualTo(ruleFile.getFileName().toString());
        assertThat(failure.reason()).isNotBlank();
        assertThat(failure.failures()).isPositive();
        await("the failed saves counted", () -> given().accept("text/plain").get("/q/metrics").asString()
                .lines().anyMatch(line -> line.startsWith("weir_alert_state_save_failures_total{")
                        && line.contains("rule_group=\"" + groupName + "\"") && !line.endsWith(" 0.0")));

        renameTable("alert_state_away", "alert_state");
        tableMoved = false;
        await("the failure cleared by a successful save", () -> failure() == null);
        long stored = QuarkusTransaction.requiringNew().call(() ->
                StoredAlert.count("ruleGroup = ?1", groupName));
        assertThat(stored).as("alerts stored once the table is back").isPositive();
    }

    private AlertStateSaveFailure failure() {
        return engine.saveFailures().stream().filter(f -> f.group().equals(groupName)).findFirst().orElse(null);
    }

    private void renameTable(String from, String to) {
        QuarkusTransaction.requiringNew().run(() ->
                entities.createNativeQuery("ALTER TABLE " + from + " RENAME TO " + to).executeUpdate());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", WITHIN, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
