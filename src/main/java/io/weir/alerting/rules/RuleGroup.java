package io.weir.alerting.rules;

import io.weir.alerting.Alert;
import io.weir.alerting.promql.Evaluator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A loaded group at run time: its rules with their alerts, evaluated one after the other at one
 * instant, as Prometheus evaluates a group. A rule whose evaluation fails keeps its alerts as they
 * were and shows the error. At most one evaluation of a group runs at a time ({@link #tryStart}).
 */
final class RuleGroup {

    private static final Logger LOG = Logger.getLogger(RuleGroup.class);

    private final RuleGroupDefinition definition;
    private final List<AlertingRule> rules;
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastEvaluation;
    private volatile Duration lastDuration = Duration.ZERO;
    private volatile AlertStateSaveFailure saveFailure;

    RuleGroup(RuleGroupDefinition definition) {
        this.definition = definition;
        this.rules = definition.rules().stream().map(rule -> new AlertingRule(rule, definition)).toList();
    }

    RuleGroupDefinition definition() {
        return definition;
    }

    /**
     * Gives each alert to the first rule of its name: alerts stored before a restart, or held by
     * the previous version of a reloaded group.
     */
    void restore(List<Alert> alerts) {
        for (Alert alert : alerts) {
            rules.stream().filter(rule -> rule.definition().name().equals(alert.name())).findFirst()
                    .ifPresent(rule -> rule.restore(new Alert(alert.labels(), alert.annotations(), alert.state(),
                            alert.value(), alert.activeAt(), alert.firedAt(), alert.resolvedAt(), definition.name(),
                            definition.file())));
        }
    }

    /** False when an evaluation is still running; else the caller must {@link #evaluate}. */
    boolean tryStart() {
        return running.compareAndSet(false, true);
    }

    /** Evaluates every rule at {@code at}; returns the firing alerts and those resolved now. Ends what tryStart began. */
    List<Alert> evaluate(Evaluator evaluator, Instant at) {
        try {
            long start = System.nanoTime();
            List<Alert> batch = new ArrayList<>();
            for (AlertingRule rule : rules) {
                String name = rule.definition().name();
                try {
                    batch.addAll(rule.apply(evaluator.evaluate(rule.definition().expression(), at).asVector(), at));
                    errors.remove(name);
                } catch (RuntimeException e) {
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    if (!reason.equals(errors.put(name, reason))) {
                        LOG.warnf("Rule %s of group %s (%s) failed to evaluate: %s", name, definition.name(),
                                definition.file(), reason);
                    }
                }
            }
            lastDuration = Duration.ofNanos(System.nanoTime() - start);
            lastEvaluation = at;
            return batch;
        } finally {
            running.set(false);
        }
    }

    /** Every alert of every rule. */
    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        rules.forEach(rule -> alerts.addAll(rule.alerts()));
        return alerts;
    }

    List<RuleStatus> statuses() {
        return rules.stream().map(rule -> new RuleStatus(definition.file(), definition.name(), rule.definition(),
                rule.state(), (int) rule.alerts().stream().filter(a -> a.resolvedAt() == null).count(), lastEvaluation,
                lastDuration, errors.get(rule.definition().name()))).toList();
    }

    Duration lastDuration() {
        return lastDuration;
    }

    /** Why the alerts of the last evaluation could not be saved, null when they were. */
    AlertStateSaveFailure saveFailure() {
        return saveFailure;
    }

    /** Records a failed save at {@code at}, keeping the time of the first failure in a row. */
    AlertStateSaveFailure saveFailed(String reason, Instant at) {
        AlertStateSaveFailure before = saveFailure;
        saveFailure = new AlertStateSaveFailure(definition.file(), definition.name(),
                before == null ? at : before.since(), before == null ? 1 : before.failures() + 1, reason);
        return saveFailure;
    }

    void saved() {
        saveFailure = null;
    }
}
