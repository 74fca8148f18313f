/**
 * The alerting pages: Alerts (pending, firing and recently resolved alerts, linked to the objects
 * they are about) and Rules (every loaded rule with its state, and the rule files refused with
 * file, line and reason). Package-private views given {@link io.weir.alerting.rules.RuleEngine}
 * through their constructors; they only read it and are pushed its changes.
 */
package io.weir.alerting.ui;
