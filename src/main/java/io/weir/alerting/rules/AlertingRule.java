package io.weir.alerting.rules;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.promql.VectorSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alerts of one rule and how they move, with the semantics of Prometheus' rule manager: each
 * element of the expression's result is an alert, identified by its labels (the element's, without
 * the metric name, then the rule's labels, then {@code alertname}). A new alert is pending; after
 * {@code for} it fires. When the expression stops returning it, a pending alert is dropped and a
 * firing one resolves, unless {@code keep_firing_for} keeps it firing a while longer. Resolved
 * alerts are kept {@link #RESOLVED_RETENTION} for the dispatcher, then forgotten; an alert that
 * comes back meanwhile starts pending again. Synchronized: the group's evaluation thread writes,
 * views read.
 */
final class AlertingRule {

    /** As Prometheus' {@code resolvedRetention}: long enough for the dispatcher to send the resolve. */
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

    private final RuleDefinition definition;
    private final RuleGroupDefinition group;
    private final Map<String, Tracked> active = new LinkedHashMap<>();

    /** One alert and the part of its state {@link Alert} does not carry. */
    private record Tracked(Alert alert, Instant keepFiringSince) {
    }

    AlertingRule(RuleDefinition definition, RuleGroupDefinition group) {
        this.definition = definition;
        this.group = group;
    }

    RuleDefinition definition() {
        return definition;
    }

    /**
     * Applies one evaluation's result at {@code now}.
     *
     * @return the firing alerts and those resolved in this evaluation, as {@code AlertBatch} wants them
     * @throws IllegalStateException when two elements give one label set (Prometheus fails the rule too)
     */
    synchronized List<Alert> apply(List<VectorSample> result, Instant now) {
        Set<String> seen = new HashSet<>();
        for (VectorSample sample : result) {
            TreeMap<String, String> templateLabels = new TreeMap<>(sample.labels());
            templateLabels.remove("__name__");
            TreeMap<String, String> labels = new TreeMap<>(templateLabels);
            definition.labels().forEach((name, template) -> {
                String value = AlertTemplate.expand(template, templateLabels, sample.value());
                if (value.isEmpty()) {
                    labels.remove(name);
                } else {
                    labels.put(name, value);
                }
            });
            labels.put(Alert.ALERT_NAME, definition.name());
            Map<String, String> annotations = new TreeMap<>();
            definition.annotations().forEach((name, template) ->
                    annotations.put(name, AlertTemplate.expand(template, templateLabels, sample.value())));
            Alert probe = alert(labels, annotations, AlertState.PENDING, sample.value(), now, null, null);
            String identity = probe.identity();
            if (!seen.add(identity)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying alert labels: "
                        + identity);
            }
            Tracked current = active.get(identity);
            if (current != null && current.alert().state() != AlertState.RESOLVED) {
                Alert was = current.alert();
                active.put(identity, new Tracked(alert(labels, annotations, was.state(), sample.value(), was.activeAt(),
                        was.firedAt(), null), null));
            } else {
                active.put(identity, new Tracked(probe, null));
            }
        }
        List<Alert> batch = new ArrayList<>();
        Iterator<Map.Entry<String, Tracked>> entries = active.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Tracked> entry = entries.next();
            Alert alert = entry.getValue().alert();
            if (!seen.contains(entry.getKey())) {
                Instant keepFiringSince = entry.getValue().keepFiringSince();
                if (alert.state() == AlertState.FIRING && !definition.keepFiringFor().isZero()) {
                    keepFiringSince = keepFiringSince == null ? now : keepFiringSince;
                    if (Duration.between(keepFiringSince, now).compareTo(definition.keepFiringFor()) < 0) {
                        entry.setValue(new Tracked(alert, keepFiringSince));
                        batch.add(alert);
                        continue;
                    }
                }
                if (alert.state() == AlertState.PENDING || (alert.state() == AlertState.RESOLVED
                        && Duration.between(alert.resolvedAt(), now).compareTo(RESOLVED_RETENTION) > 0)) {
                    entries.remove();
                } else if (alert.state() == AlertState.FIRING) {
                    Alert resolved = withState(alert, AlertState.RESOLVED, alert.firedAt(), now);
                    entry.setValue(new Tracked(resolved, null));
                    batch.add(resolved);
                }
                continue;
            }
            if (alert.state() == AlertState.PENDING
                    && Duration.between(alert.activeAt(), now).compareTo(definition.holdFor()) >= 0) {
                alert = withState(alert, AlertState.FIRING, now, null);
                entry.setValue(new Tracked(alert, null));
            }
            if (alert.state() == AlertState.FIRING) {
                batch.add(alert);
            }
        }
        return batch;
    }

    /** Every pending, firing or recently resolved alert of this rule, firing first. */
    synchronized List<Alert> alerts() {
        return active.values().stream().map(Tracked::alert)
                .sorted(Comparator.comparing(Alert::state, Comparator.comparingInt(AlertingRule::urgency))
                        .thenComparing(Alert::identity))
                .toList();
    }

    /**
     * Takes back an alert persisted before a restart, so it keeps its {@code activeAt} and
     * {@code firedAt}: a firing alert stays firing and is not notified as new.
     */
    synchronized void restore(Alert alert) {
        active.put(alert.identity(), new Tracked(alert, null));
    }

    /** Where the rule stands as a whole: its most urgent alert's state, or null when it has none. */
    synchronized AlertState state() {
        return alerts().stream().map(Alert::state).filter(s -> s != AlertState.RESOLVED).findFirst().orElse(null);
    }

    private Alert alert(Map<String, String> labels, Map<String, String> annotations, AlertState state, double value,
            Instant activeAt, Instant firedAt, Instant resolvedAt) {
        return new Alert(new TreeMap<>(labels), annotations, state, value, activeAt, firedAt, resolvedAt, group.name(),
                group.file());
    }

    private Alert withState(Alert alert, AlertState state, Instant firedAt, Instant resolvedAt) {
        return alert(alert.labels(), alert.annotations(), state, alert.value(), alert.activeAt(), firedAt, resolvedAt);
    }

    private static int urgency(AlertState state) {
        return switch (state) {
            case FIRING -> 0;
            case PENDING -> 1;
            case RESOLVED -> 2;
        };
    }
}
