package io.weir.alerting;

/**
 * Where an alert stands, as in Prometheus: {@code PENDING} while its expression holds for less than
 * the rule's {@code for}, {@code FIRING} after, {@code RESOLVED} once it stops holding (and any
 * {@code keep_firing_for} has passed). An alert that never fired is simply dropped, never resolved.
 */
public enum AlertState {
    PENDING,
    FIRING,
    RESOLVED
}
