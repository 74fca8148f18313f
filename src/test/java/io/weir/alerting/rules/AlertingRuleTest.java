package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.promql.Parser;
import io.weir.alerting.promql.VectorSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Alerts move through pending, firing and resolved as in Prometheus' rule manager. */
class AlertingRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final VectorSample ORDERS = VectorSample.of(
            Map.of("__name__", "weir_queue_messages", "source", "prod", "queue", "orders"), 150);

    @Test
    void newAlertIsPendingUntilForHasPassedThenFires() {
        AlertingRule rule = rule(Duration.ofMinutes(1), Duration.ZERO);
        assertThat(rule.apply(List.of(ORDERS), T0)).as("pending alerts are not handed on").isEmpty();
        assertThat(only(rule).state()).isEqualTo(AlertState.PENDING);
        assertThat(rule.apply(List.of(ORDERS), T0.plusSeconds(59))).isEmpty();
        List<Alert> batch = rule.apply(List.of(ORDERS), T0.plusSeconds(60));
        assertThat(batch).singleElement().satisfies(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.FIRING);
            assertThat(alert.activeAt()).isEqualTo(T0);
            assertThat(alert.firedAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(rule.apply(List.of(ORDERS), T0.plusSeconds(75))).as("firing alerts are repeated every evaluation")
                .singleElement().extracting(Alert::firedAt).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void ruleWithoutForFiresAtTheFirstEvaluation() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        assertThat(rule.apply(List.of(ORDERS), T0)).singleElement().extracting(Alert::state).isEqualTo(AlertState.FIRING);
    }

    @Test
    void pendingAlertThatStopsHoldingIsDroppedWithoutResolve() {
        AlertingRule rule = rule(Duration.ofMinutes(1), Duration.ZERO);
        rule.apply(List.of(ORDERS), T0);
        assertThat(rule.apply(List.of(), T0.plusSeconds(15))).isEmpty();
        assertThat(rule.alerts()).isEmpty();
    }

    @Test
    void firingAlertThatStopsHoldingResolvesOnceAndIsForgottenAfterRetention() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        rule.apply(List.of(ORDERS), T0);
        assertThat(rule.apply(List.of(), T0.plusSeconds(15))).singleElement().satisfies(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(alert.resolvedAt()).isEqualTo(T0.plusSeconds(15));
            assertThat(alert.firedAt()).isEqualTo(T0);
        });
        assertThat(rule.apply(List.of(), T0.plusSeconds(30))).as("a resolve is handed on once").isEmpty();
        assertThat(only(rule).state()).isEqualTo(AlertState.RESOLVED);
        rule.apply(List.of(), T0.plusSeconds(15).plus(AlertingRule.RESOLVED_RETENTION).plusSeconds(1));
        assertThat(rule.alerts()).isEmpty();
    }

    @Test
    void resolvedAlertThatComesBackStartsPendingAgain() {
        AlertingRule rule = rule(Duration.ofMinutes(1), Duration.ZERO);
        rule.apply(List.of(ORDERS), T0);
        rule.apply(List.of(ORDERS), T0.plusSeconds(60));
        rule.apply(List.of(), T0.plusSeconds(75));
        rule.apply(List.of(ORDERS), T0.plusSeconds(90));
        assertThat(only(rule).state()).isEqualTo(AlertState.PENDING);
        assertThat(only(rule).activeAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void keepFiringForHoldsAFiringAlertAfterTheExpressionStops() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ofSeconds(30));
        rule.apply(List.of(ORDERS), T0);
        assertThat(rule.apply(List.of(), T0.plusSeconds(15))).singleElement().extracting(Alert::state)
                .isEqualTo(AlertState.FIRING);
        assertThat(rule.apply(List.of(), T0.plusSeconds(30))).singleElement().extracting(Alert::state)
                .isEqualTo(AlertState.FIRING);
        assertThat(rule.apply(List.of(), T0.plusSeconds(45))).singleElement().extracting(Alert::state)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void keepFiringForRestartsWhenTheExpressionHoldsAgain() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ofSeconds(30));
        rule.apply(List.of(ORDERS), T0);
        rule.apply(List.of(), T0.plusSeconds(20));
        rule.apply(List.of(ORDERS), T0.plusSeconds(25));
        assertThat(rule.apply(List.of(), T0.plusSeconds(50))).singleElement().extracting(Alert::state)
                .isEqualTo(AlertState.FIRING);
    }

    @Test
    void identityIsTheSeriesLabelsWithoutNamePlusRuleLabelsAndAlertname() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        Alert alert = rule.apply(List.of(ORDERS, VectorSample.of(Map.of("source", "prod", "queue", "emails"), 7)), T0).get(0);
        assertThat(alert.labels()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "alertname", "BacklogHigh", "queue", "orders", "severity", "warning", "source", "prod")));
        assertThat(alert.annotations()).containsEntry("summary", "orders on prod holds 150 messages");
        assertThat(rule.alerts()).hasSize(2);
    }

    @Test
    void ruleLabelsOverrideSeriesLabelsAndTwoElementsWithOneIdentityFailTheRule() {
        AlertingRule rule = rule(Duration.ZERO, Duration.ZERO);
        VectorSample withSeverity = VectorSample.of(Map.of("queue", "orders", "source", "prod", "severity", "page"), 1);
        assertThat(rule.apply(List.of(withSeverity), T0).get(0).labels()).containsEntry("severity", "warning");
        VectorSample sameButName = VectorSample.of(Map.of("__name__", "other", "queue", "orders", "source", "prod"), 2);
        assertThatThrownBy(() -> rule.apply(List.of(ORDERS, sameButName), T0.plusSeconds(15)))
                .hasMessageContaining("same labelset");
    }

    @Test
    void restoredFiringAlertStaysFiringWithItsTimes() {
        AlertingRule before = rule(Duration.ofMinutes(5), Duration.ZERO);
        before.apply(List.of(ORDERS), T0);
        before.apply(List.of(ORDERS), T0.plusSeconds(300));
        Alert firing = only(before);
        AlertingRule after = rule(Duration.ofMinutes(5), Duration.ZERO);
        after.restore(firing);
        assertThat(after.apply(List.of(ORDERS), T0.plusSeconds(400))).singleElement().satisfies(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.FIRING);
            assertThat(alert.activeAt()).isEqualTo(T0);
            assertThat(alert.firedAt()).isEqualTo(T0.plusSeconds(300));
        });
    }

    private static AlertingRule rule(Duration holdFor, Duration keepFiringFor) {
        String expr = "weir_queue_messages > 100";
        RuleDefinition definition = new RuleDefinition("BacklogHigh", expr, Parser.parse(expr), holdFor, keepFiringFor,
                new TreeMap<>(Map.of("severity", "warning")),
                Map.of("summary", "{{ $labels.queue }} on {{ $labels.source }} holds {{ $value }} messages"), 4);
        return new AlertingRule(definition, new RuleGroupDefinition("queues.yml", "queues", Duration.ofSeconds(15),
                List.of(definition)));
    }

    private static Alert only(AlertingRule rule) {
        assertThat(rule.alerts()).hasSize(1);
        return rule.alerts().get(0);
    }
}
