package io.weir.alerting.rules;

import java.time.Instant;

/**
 * A rule group whose alert state could not be written to the database: its alerts are evaluated
 * and notified, but after a restart they would start over.
 *
 * @param since    the first evaluation that failed to save, in this run of failures
 * @param failures evaluations that failed to save since then
 * @param reason   the last failure's message
 */
public record AlertStateSaveFailure(String file, String group, Instant since, int failures, String reason) {
}
