package io.weir.operations.audit;

import java.time.Instant;

/**
 * Which audit entries to list; null fields match everything.
 *
 * @param action a prefix, e.g. {@code offset-reset} for its preview and apply
 * @param object a part of the object's name, any case
 */
public record AuditFilter(String source, String action, String actor, String object, Instant from, Instant until,
        int offset, int limit) {

    public AuditFilter {
        if (offset < 0 || limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("offset must be 0 or more and limit between 1 and 10000");
        }
    }
}
