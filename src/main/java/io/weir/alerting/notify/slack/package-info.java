/**
 * Slack incoming webhooks: one readable message per notification. Called by
 * {@code alerting.notify.Receivers}; calls {@code alerting.notify} and the alert types.
 */
package io.weir.alerting.notify.slack;
