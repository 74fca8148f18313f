package io.weir.alerting.rules;

import io.weir.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;

/**
 * One rule as the Rules page shows it.
 *
 * @param state          its most urgent alert's state, null when it has no pending or firing alert
 * @param lastEvaluation when its group last ran, null before the first run
 * @param lastError      why its last evaluation failed, null when it succeeded
 */
public record RuleStatus(
        String file,
        String group,
        RuleDefinition rule,
        AlertState state,
        int alerts,
        Instant lastEvaluation,
        Duration groupDuration,
        String lastError) {
}
