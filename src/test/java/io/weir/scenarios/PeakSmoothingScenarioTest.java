package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.rules.RuleEngine;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flash sale scaled down (4,000 orders drained at 150/s, see {@link ScenarioTestProfile}) on
 * the real built-in broker, with the shipped rule file: the burst outruns the drain many times,
 * the monitor records the backlog rising and draining, and the rule fires and resolves.
 */
@QuarkusTest
@TestProfile(ScenarioTestProfile.class)
class PeakSmoothingScenarioTest {

    private static final Path SHIPPED_RULES = Path.of("alert-rules/scenarios.yml");
    private static final Path RULES = Path.of("target/test-alert-rules/scenarios.yml");

    @Inject
    Scenarios scenarios;
    @Inject
    EmbeddedBroker embedded;
    @Inject
    MonitorHistory history;
    @Inject
    RuleEngine rules;

    @BeforeEach
    void installShippedRule() throws Exception {
        Files.createDirectories(RULES.getParent());
        Files.copy(SHIPPED_RULES, RULES, StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterEach
    void cleanUp() throws Exception {
        scenarios.peak().deleteTopics();
        Files.deleteIfExists(RULES);
    }

    @Test
    void burstWaitsInTheQueueDrainsAtTheSafeRateAndItsAlertFiresThenResolves() throws Exception {
        PeakSmoothingScenario peak = scenarios.peak();
        ScenarioLoad.await("the shipped rule to load", Duration.ofSeconds(10), () -> rules.rules().stream()
                .anyMatch(r -> r.rule().name().equals(PeakSmoothingScenario.ALERT)));
        Instant start = Instant.now();
        peak.start();
        ScenarioLoad.await("the burst to be published", Duration.ofSeconds(20), () -> !peak.figures().burstTook().isZero());
        PeakSmoothingScenario.Figures burst = peak.figures();
        assertThat(burst.sent()).isEqualTo(4000);
        assertThat(burst.burstRate()).as("burst requests/s").isGreaterThan(10 * 150);

        ScenarioLoad.await("the alert to fire", Duration.ofSeconds(40), () -> alert().map(a -> a.state() == AlertState.FIRING).orElse(false));
        ScenarioLoad.await("the burst to drain", Duration.ofSeconds(60), () -> peak.figures().drained() == 4000);
        Instant drainedAt = Instant.now();
        double drainRate = 4000 / (Duration.between(start, drainedAt).toMillis() / 1000.0);
        System.out.printf("peak scenario: burst %.0f requests/s (%s), drained at %.0f/s overall, measured %.0f/s%n",
                burst.burstRate(), burst.burstTook(), drainRate, peak.figures().drainRate());
        assertThat(drainRate).as("overall drain rate").isBetween(110.0, 155.0);
        assertThat(peak.figures().backlog()).isZero();

        ScenarioLoad.await("the alert to resolve", Duration.ofSeconds(20), () -> alert().map(a -> a.state() == AlertState.RESOLVED).orElse(false));
        assertThat(alert().orElseThrow().labels()).containsEntry("topic", PeakSmoothingScenario.TOPIC)
                .containsEntry("group", PeakSmoothingScenario.GROUP).containsEntry("source", scenarios.sourceName());

        SeriesKey backlog = SeriesKey.of(MonitorMetrics.GROUP_LAG_MESSAGES, Map.of("source", scenarios.sourceName(),
                "topic", PeakSmoothingScenario.TOPIC, "group", PeakSmoothingScenario.GROUP));
        List<Sample> samples = history.range(backlog, start.toEpochMilli(), Instant.now().toEpochMilli());
        double highest = samples.stream().mapToDouble(Sample::value).max().orElse(0);
        assertThat(highest).as("backlog the monitor recorded at its highest").isGreaterThan(2000);
        assertThat(samples.get(samples.size() - 1).value()).as("backlog the monitor recorded last").isZero();

        ScenarioLoad.stopAndCheckNoLoad(peak, embedded.broker().orElseThrow());
    }

    private Optional<Alert> alert() {
        return rules.alerts().stream().filter(a -> PeakSmoothingScenario.ALERT.equals(a.name())).findFirst();
    }
}
