package io.weir.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Leadership among replicas: {@code weir.cluster.<key>} (README, High availability). */
@ConfigMapping(prefix = "weir.cluster")
public interface ClusterConfig {

    /**
     * Several replicas on one PostgreSQL elect a leader through a lease. Off: this process is the
     * only one and always leads (it still takes a new epoch at every start).
     */
    @WithDefault("false")
    boolean enabled();

    /** How often every replica renews (the leader) or tries to take (the others) the lease. */
    @WithDefault("2s")
    Duration renewInterval();

    /**
     * How long a renewal holds the lease; another replica takes over only after it expired. The
     * leader stops acting one renew-interval before that, by its own clock.
     */
    @WithDefault("10s")
    Duration leaseDuration();
}
