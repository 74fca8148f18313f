/**
 * Everything between an evaluated alert and a sent notification, in pipeline order: inhibition
 * ({@link io.weir.alerting.dispatch.Inhibitor}), silences ({@link io.weir.alerting.dispatch.Silences}),
 * routing and grouping ({@link io.weir.alerting.dispatch.Router}, {@link io.weir.alerting.dispatch.AlertGroup}),
 * deduplication against the persisted notification log, the durable outbox
 * ({@link io.weir.alerting.dispatch.Outbox}) and the loop that sends it with retry and back-off
 * ({@link io.weir.alerting.dispatch.OutboxSender}). {@link io.weir.alerting.dispatch.Dispatcher}
 * ties them together; it receives the rule engine's {@link io.weir.alerting.AlertBatch} events.
 *
 * <p>Called by the rule engine (through the CDI event), by {@code alerting.ui} and by the REST API
 * (silences, history). Calls {@code alerting.notify}, the alert types and
 * {@link io.weir.alerting.AlertingMetrics}.
 */
package io.weir.alerting.dispatch;
