/**
 * The monitor owns time: it polls every configured source on that source's own schedule, keeps
 * the latest snapshot per source, publishes each new snapshot to listeners, and records the
 * Micrometer meters (the monitor's metric names are declared in {@link io.weir.monitor.MonitorMetrics}).
 * Lag in time, consumer status and backlog trends live in {@code monitor.lag}, pure logic fed
 * with the snapshots taken here.
 *
 * <p>Called by the UI, the API and alerting (rules read the history), which only read. Calls
 * {@code sources} to read brokers and {@code core} for the value types. A slow or dead source
 * never delays the others: each read runs on its own thread, bounded by the source's timeout.
 */
package io.weir.monitor;
