/**
 * Notifiers: one sub-package per channel ({@code slack}, {@code pagerduty}, {@code webhook},
 * {@code alertmanager}), each turning one {@link io.weir.alerting.notify.Notification} into one
 * channel's HTTP request and saying whether it was delivered, is worth retrying or failed for good.
 * Nothing here retries, waits, groups or deduplicates: that is {@code alerting.dispatch}'s job, once
 * for every channel. The receivers come from configuration ({@link io.weir.alerting.notify.ReceiversConfig}).
 *
 * <p>Called by {@code alerting.dispatch} only. Calls {@code alerting} (the alert types) and nothing
 * else of Weir; talks to the outside world through the JDK HTTP client.
 */
package io.weir.alerting.notify;
