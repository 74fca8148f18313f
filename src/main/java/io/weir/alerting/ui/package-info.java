/**
 * The alerting pages: silences (list, create, expire) and the notification history. Views are
 * package-private and receive the dispatch services through their constructors; they never send
 * anything themselves. Calls {@code alerting.dispatch}, {@code security} (role names) and the shell
 * in {@code io.weir.ui}; called by nobody (Vaadin routes to them).
 */
package io.weir.alerting.ui;
