package io.weir.alerting.rules;

import io.weir.alerting.promql.Expression;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alerting rule as written in a rule file, validated: its expression is parsed and its
 * templates checked.
 *
 * @param name           the {@code alert} name, the {@code alertname} label of its alerts
 * @param expressionText the {@code expr} as written
 * @param holdFor        {@code for}: how long the expression must hold before the alert fires
 * @param keepFiringFor  {@code keep_firing_for}: how long a firing alert stays firing after the expression stops holding
 * @param line           line of the rule in its file (from 1)
 */
public record RuleDefinition(
        String name,
        String expressionText,
        Expression expression,
        Duration holdFor,
        Duration keepFiringFor,
        SortedMap<String, String> labels,
        Map<String, String> annotations,
        int line) {

    public RuleDefinition {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
    }
}
