package io.weir.alerting;

/**
 * The names of the meters alerting registers (documented in the README's metrics table with every
 * other metric). Alerting owns them; the monitor's names stay in {@code monitor.MonitorMetrics}.
 */
public final class AlertingMetrics {

    /** Pending and firing alerts by {@code state} and {@code severity}. */
    public static final String ALERTS = "weir_alerts";
    /** Errors of the rule files whose last load failed (their last good version stays active). */
    public static final String RULE_LOAD_ERRORS = "weir_rule_load_errors";
    /** How long the last evaluation of each rule group took, as Prometheus' prometheus_rule_group_last_duration_seconds. */
    public static final String RULE_GROUP_LAST_DURATION = "weir_rule_group_last_duration_seconds";
    /**
     * A counter (Prometheus {@code weir_alert_state_save_failures_total}), tags {@code file} and
     * {@code rule_group}: evaluations whose alert state could not be written to the database.
     */
    public static final String ALERT_STATE_SAVE_FAILURES = "weir.alert.state.save.failures";
    /** A counter (Prometheus {@code weir_notifications_total}), tags {@code receiver} and {@code outcome}. */
    public static final String NOTIFICATIONS = "weir.notifications";
    /** A gauge (Prometheus {@code weir_notification_outbox_size}): notifications waiting to be delivered. */
    public static final String NOTIFICATION_OUTBOX_SIZE = "weir.notification.outbox.size";

    private AlertingMetrics() {
    }
}
