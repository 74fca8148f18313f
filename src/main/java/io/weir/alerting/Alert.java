package io.weir.alerting;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert of one rule: its identity is its label set (the rule's labels, the series' labels and
 * {@code alertname}), as in Prometheus. Annotations are already expanded from their templates.
 *
 * @param labels      identity, including {@code alertname}
 * @param annotations expanded {@code summary}, {@code description}, {@code runbook}, ...
 * @param state       pending, firing or resolved
 * @param value       the expression's value at the last evaluation that matched
 * @param activeAt    when the expression first held (start of pending)
 * @param firedAt     when it became firing, null while pending
 * @param resolvedAt  when it resolved, null unless resolved
 * @param ruleGroup   the rule group it belongs to
 * @param ruleFile    the file of that group
 */
public record Alert(
        SortedMap<String, String> labels,
        Map<String, String> annotations,
        AlertState state,
        double value,
        Instant activeAt,
        Instant firedAt,
        Instant resolvedAt,
        String ruleGroup,
        String ruleFile) {

    public static final String ALERT_NAME = "alertname";

    public Alert {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
    }

    public String name() {
        return labels.get(ALERT_NAME);
    }

    /** The label set in Prometheus notation, a stable key for this alert across restarts. */
    public String identity() {
        StringBuilder text = new StringBuilder("{");
        labels.forEach((name, val) -> {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(name).append("=\"").append(val.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        });
        return text.append('}').toString();
    }
}
