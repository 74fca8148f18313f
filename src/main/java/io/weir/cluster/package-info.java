/**
 * Leadership among Weir replicas on one PostgreSQL: one lease row ({@code cluster_lease}) with an
 * expiry computed by the database's clock and a fencing token, the epoch, incremented at every
 * takeover. {@link io.weir.cluster.Leadership} renews or takes the lease, says whether this
 * replica leads ({@link io.weir.cluster.Leadership#isLeader}, by its own clock, with no database
 * call) and fences writes: {@link io.weir.cluster.Leadership#fenced} commits only while the lease
 * row still names this replica at its epoch, and a refused write throws
 * {@link io.weir.cluster.LeaseLostException}. With {@code weir.cluster.enabled=false} the process
 * always leads and fences cost nothing.
 *
 * <p>Called by the actors only the leader runs: the rule scheduler and alert-state saves, the
 * dispatcher and outbox sender, replay jobs, offset resets and purges, and by {@code ui} (who leads, the
 * database's state). Polling, history and the console run on every replica and never ask it.
 * Calls the database only (plain JDBC for the lease, the caller's transaction for fences).
 */
package io.weir.cluster;
