package io.weir.alerting.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.AlertingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The rule engine's meters (names declared in {@link AlertingMetrics}). Alert
 * counts are reported for every severity the loaded rules use, zeros included, so a dashboard
 * sees 0 rather than no series.
 */
final class RuleMetrics {

    private static final String NO_SEVERITY = "none";

    private final MultiGauge alerts;
    private final MultiGauge groupDurations;
    private final MeterRegistry registry;

    RuleMetrics(MeterRegistry registry, Supplier<Integer> loadErrors) {
        this.registry = registry;
        Gauge.builder(AlertingMetrics.RULE_LOAD_ERRORS, () -> loadErrors.get())
                .description("Errors of the rule files whose last load failed (their last good version stays active)")
                .register(registry);
        alerts = MultiGauge.builder(AlertingMetrics.ALERTS)
                .description("Pending and firing alerts by state and severity").register(registry);
        groupDurations = MultiGauge.builder(AlertingMetrics.RULE_GROUP_LAST_DURATION)
                .description("Duration of the last evaluation of the rule group").register(registry);
    }

    /** Replaces every row from the groups as they are now. */
    synchronized void update(List<RuleGroup> groups) {
        Map<String, long[]> bySeverity = new TreeMap<>();
        List<MultiGauge.Row<?>> durations = new ArrayList<>();
        for (RuleGroup group : groups) {
            for (RuleDefinition rule : group.definition().rules()) {
                bySeverity.computeIfAbsent(severity(rule.labels()), s -> new long[2]);
            }
            for (Alert alert : group.alerts()) {
                if (alert.state() != AlertState.RESOLVED) {
                    bySeverity.computeIfAbsent(severity(alert.labels()), s -> new long[2])[
                            alert.state() == AlertState.FIRING ? 0 : 1]++;
                }
            }
            durations.add(MultiGauge.Row.of(Tags.of("file", group.definition().file(), "rule_group", group.definition().name()),
                    group.lastDuration().toNanos() / 1e9));
        }
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        bySeverity.forEach((severity, count) -> {
            counts.add(MultiGauge.Row.of(Tags.of("state", state(AlertState.FIRING), "severity", severity), count[0]));
            counts.add(MultiGauge.Row.of(Tags.of("state", state(AlertState.PENDING), "severity", severity), count[1]));
        });
        alerts.register(counts, true);
        groupDurations.register(durations, true);
    }

    /** Counts an evaluation whose alerts could not be written to the database. */
    void saveFailed(RuleGroupDefinition group) {
        Counter.builder(AlertingMetrics.ALERT_STATE_SAVE_FAILURES)
                .description("Evaluations whose alert state could not be written to the database (after a restart those alerts start over)")
                .tags("file", group.file(), "rule_group", group.name()).register(registry).increment();
    }

    private static String severity(Map<String, String> labels) {
        String severity = labels.get("severity");
        return severity == null || severity.isEmpty() || severity.contains("{{") ? NO_SEVERITY : severity;
    }

    private static String state(AlertState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
