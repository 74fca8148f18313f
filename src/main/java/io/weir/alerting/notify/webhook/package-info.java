/**
 * The Alertmanager webhook format (version 4), for any receiver that already speaks it. Called by
 * {@code alerting.notify.Receivers}; calls {@code alerting.notify} and the alert types.
 */
package io.weir.alerting.notify.webhook;
