/**
 * Operations on brokers: message browsing ({@code operations.browse}, read-only, never moves a
 * group or a message; RabbitMQ queues are peeked, an audited operator action), offset resets
 * ({@code operations.offsets}) and purges ({@code operations.purge}, admins only) as plan, preview,
 * apply, read back, audit; dead-letter replay ({@code operations.replay}: stored, resumable jobs
 * with a per-message ledger, and the dead-letter page's failure causes). Every change goes
 * through the write-side interfaces declared in {@code sources} ({@link io.weir.sources.GroupOffsets},
 * {@link io.weir.sources.QueuePurger}, {@link io.weir.sources.QueuePeek},
 * {@link io.weir.sources.DeadLetterMover}, implemented next to each read adapter), never through a
 * read adapter, and every preview and
 * apply, refused or not, writes an entry to the audit log ({@code operations.audit}), an
 * append-only SHA-256 hash chain. {@link io.weir.operations.Actor} says who asked and from where;
 * {@link io.weir.operations.OperationException} says why an operation was not done.
 *
 * <p>Called by {@code api} and by its own {@code ui}. Calls {@code sources} (the registry and the
 * write side, the message browsers), {@code monitor} (history, to warn about recent commits) and the database.
 */
package io.weir.operations;
