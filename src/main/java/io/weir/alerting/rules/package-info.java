/**
 * Alert rules: Prometheus rule files read from {@code weir.alerting.rules-dir} and re-read when
 * they change ({@link io.weir.alerting.rules.RuleDirectory}, {@code RuleFileParser}), each group
 * evaluated on its interval over the monitor's history with {@code alerting.promql}, and the state
 * of every alert ({@code AlertingRule}: pending, firing, resolved, with {@code for} and
 * {@code keep_firing_for}, as Prometheus' rule manager), persisted in table {@code alert_state}.
 * Selectors read the history through an inverted index ({@code IndexedHistory}), so 1,000 rules
 * over 100,000 series take a fraction of a millisecond per rule instead of a scan of every series.
 *
 * <p>Its public face is {@link io.weir.alerting.rules.RuleEngine} (alerts, rules, load errors,
 * alert-state save failures, a change subscription), read by {@code alerting.ui}; when each group
 * runs is decided in one place, {@code RuleScheduler} (the hook for leadership with several
 * replicas). It hands its results to the dispatcher only
 * through the {@link io.weir.alerting.AlertBatch} CDI event and never notifies anyone itself. It
 * calls {@code alerting.promql}, {@code monitor} (history, sources polled) and the database.
 */
package io.weir.alerting.rules;
