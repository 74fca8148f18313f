/**
 * The monitor's pages. They show the monitor's snapshots, are pushed updates, and never call
 * brokers; the queue page's Purge dialog goes through the operations service ({@code operations.purge}).
 */
package io.weir.monitor.ui;
