package io.weir.alerting;

import java.time.Instant;
import java.util.List;

/**
 * What the rule engine hands the dispatcher (as a CDI event) after each evaluation of a rule
 * group: every alert of the group that is firing, and those that resolved in this evaluation. The
 * same contract as Prometheus sending to Alertmanager: firing alerts are repeated at every
 * evaluation, so the dispatcher deduplicates, and a resolved alert is sent until it is forgotten.
 */
public record AlertBatch(String ruleGroup, Instant evaluatedAt, List<Alert> alerts) {
    public AlertBatch {
        alerts = List.copyOf(alerts);
    }
}
