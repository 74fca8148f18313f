/** The monitor's pages. They show the monitor's snapshots, are pushed updates, and never call brokers. */
package io.weir.monitor.ui;
