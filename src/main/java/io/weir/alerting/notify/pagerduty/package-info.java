/**
 * PagerDuty Events API v2: a {@code trigger} or {@code resolve} event per alert, keyed by the
 * alert's fingerprint. Called by {@code alerting.notify.Receivers}; calls {@code alerting.notify}
 * and the alert types.
 */
package io.weir.alerting.notify.pagerduty;
