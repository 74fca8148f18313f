/**
 * Alerting: from the monitor's history to a sent notification, in pipeline order. {@code rules}
 * evaluates Prometheus rule files (with the PromQL subset of {@code promql}) and keeps each
 * alert's state; {@code dispatch} inhibits, silences, routes, groups and queues the alerts in a
 * durable outbox; {@code notify} sends one notification per channel; {@code ui} holds the Alerts,
 * Rules, Silences and Notifications pages. This package holds the types every step shares: the
 * {@link io.weir.alerting.Alert} and its {@link io.weir.alerting.AlertState}, the
 * {@link io.weir.alerting.AlertBatch} event from the rule engine to the dispatcher, and
 * {@link io.weir.alerting.AlertingMetrics}, the names of alerting's meters.
 *
 * <p>Called by {@code api} (alerts, silences) and by nothing else outside alerting. Calls
 * {@code monitor} only to read history and which sources were polled, never a broker.
 */
package io.weir.alerting;
