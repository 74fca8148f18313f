/**
 * Pushes alerts to a real Alertmanager's API v2, for users who route there already. Called by
 * {@code alerting.notify.Receivers}; calls {@code alerting.notify} and the alert types.
 */
package io.weir.alerting.notify.alertmanager;
