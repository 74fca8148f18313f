package io.weir.operations.audit;

import io.weir.operations.Actor;
import java.time.Duration;
import java.util.Objects;

/**
 * What one operation step writes to the audit log; {@link AuditLog#append} adds the time, the
 * position and the hashes.
 *
 * @param parameters the request as JSON
 * @param before     JSON of the values before, null when none were read
 * @param after      JSON of the values after (read back), null when nothing changed
 * @param jobId      the job the step belongs to (a replay), null for one-step operations
 */
public record AuditRecord(Actor actor, String source, String object, String action, String parameters,
        String before, String after, Result result, String message, Duration duration, String jobId) {

    public enum Result {
        /** Done as asked (a preview computed, a change applied and read back as planned). */
        OK,
        /** Not done: a rule refused it (read-only source, active members, role). */
        REFUSED,
        /** Tried and failed, or applied but the read-back does not match the plan. */
        FAILED
    }

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(duration, "duration");
    }
}
