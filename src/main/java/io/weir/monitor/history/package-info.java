/**
 * Bounded history of the monitor's series (the same names and labels as the exported metrics), so
 * charts and alert rules have recent data without an external Prometheus.
 */
package io.weir.monitor.history;
