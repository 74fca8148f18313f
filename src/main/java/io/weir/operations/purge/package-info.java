/**
 * Purging a topic, queue or dead-letter queue ({@link io.weir.operations.purge.QueuePurges}): a
 * preview that counts, then an apply only for admins, confirmed by typing the queue's name, never
 * on a read-only source, on the leader only, audited with the count removed. Works through
 * {@link io.weir.sources.QueuePurger}, implemented next to each kind's read adapter.
 *
 * <p>Called by {@code api} and the queue page ({@code monitor.ui}). Calls {@code sources}, the audit log and
 * {@code cluster} (who leads).
 */
package io.weir.operations.purge;
