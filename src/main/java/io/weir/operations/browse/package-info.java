/**
 * The message browser: pages through a topic's stored messages by partition and offset, by time,
 * oldest or newest first, with server-side filters ({@link io.weir.operations.browse.MessageFilter})
 * and bounded scans ({@link io.weir.operations.browse.MessageBrowsing}), and decodes where a dead
 * letter came from ({@link io.weir.operations.browse.DeadLetterOrigin}). It only reads, through the
 * sources' {@link io.weir.sources.MessageBrowser}: it never commits, joins a group or moves a message.
 * Power users filter with sandboxed CEL expressions ({@link io.weir.operations.browse.CelCondition});
 * sources may save filters and hide the payloads of sensitive topics from some roles
 * ({@link io.weir.sources.BrowsePolicy}), which {@link io.weir.operations.browse.MessageBrowsing} enforces.
 * RabbitMQ queues are peeked instead ({@link io.weir.operations.browse.QueuePeeking}): take and
 * requeue, which marks messages redelivered, so it is an audited operator action.
 *
 * <p>Called by the API and its own {@code ui} package. Calls {@code sources} and the audit log.
 */
package io.weir.operations.browse;
