package io.weir.operations.replay;

import java.time.Instant;
import java.util.Set;

/**
 * Dead letters that failed for one reason, as {@link io.weir.operations.browse.FailureReason}
 * groups reasons.
 *
 * @param reason the reason with IDs and numbers replaced
 * @param example one reason as it was written, unchanged
 * @param firstSeen the earliest dead-letter time (or message time when the headers give none)
 * @param destinations where these messages came from
 */
public record FailureCause(String reason, String example, long count, Instant firstSeen, Instant lastSeen,
        Set<String> destinations) {
}
