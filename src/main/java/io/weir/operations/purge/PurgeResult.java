package io.weir.operations.purge;

/**
 * A purge done.
 *
 * @param before messages the broker reported just before
 * @param after messages it reported right after ({@code -1} when RabbitMQ's figures had not caught up)
 * @param removed messages removed: {@code before - after}, or {@code before} when {@code after} is unknown
 * @param auditId the audit entry of the purge
 */
public record PurgeResult(String source, String queue, long before, long after, long removed, long auditId) {
}
