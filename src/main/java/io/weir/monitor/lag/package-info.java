/**
 * Lag in time, consumer status and backlog trends, computed from the snapshots the monitor
 * records. Pure logic over bounded in-memory history: no broker access, no framework, no clock
 * (time is the snapshot's).
 *
 * <p>{@link io.weir.monitor.lag.LagTracker} is the entry point: the monitor feeds it every
 * successful snapshot of a source, and the monitor's meters, rules and views query it. Consumer
 * status is a handful of small named checks ({@code RewoundCheck}, {@code NoConsumersCheck},
 * {@code StoppedCheck}, {@code StalledCheck}, {@code LaggingCheck}), ranked by the order of
 * {@link io.weir.monitor.lag.ConsumerStatus}. Calls only {@code core} for the snapshot types.
 */
package io.weir.monitor.lag;
