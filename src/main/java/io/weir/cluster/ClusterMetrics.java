package io.weir.cluster;

/** The names of the meters leadership registers (documented in the README's metrics table). */
public final class ClusterMetrics {

    /** A gauge: 1 while this replica is the leader, else 0. */
    public static final String LEADER = "weir_leader";
    /** A counter (Prometheus {@code weir_leader_changes_total}): times this replica became or stopped being the leader. */
    public static final String LEADER_CHANGES = "weir.leader.changes";

    private ClusterMetrics() {
    }
}
