/**
 * The alerting pages: Alerts (pending, firing and recently resolved alerts, linked to the objects
 * they are about), Rules (every loaded rule with its state, and the rule files refused with file,
 * line and reason), Silences (list, create, expire) and the notification history. Package-private
 * views given {@link io.weir.alerting.rules.RuleEngine} or the dispatch services through their
 * constructors; they only read them (and create or expire silences) and are pushed changes. Calls
 * {@code alerting.rules}, {@code alerting.dispatch}, {@code security} (role names) and the shell in
 * {@code io.weir.ui}; called by nobody (Vaadin routes to them).
 */
package io.weir.alerting.ui;
