package io.weir.broker;

/**
 * Where a published message is stored.
 *
 * @param partition partition the message went to
 * @param offset its offset there; for a duplicate, the offset of the copy accepted earlier
 * @param duplicate true if its message ID had already been accepted within the dedup window, so
 *     this publish stored nothing
 */
public record PublishResult(int partition, long offset, boolean duplicate) {
}
