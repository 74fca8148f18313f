package io.weir.alerting.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox retries: {@code weir.alerting.outbox.<key>}. */
@ConfigMapping(prefix = "weir.alerting.outbox")
public interface OutboxConfig {

    /** Wait before the first retry; doubled at each further failed attempt. */
    @WithDefault("1s")
    Duration retryInitial();

    /** Longest wait between two attempts (also caps a receiver's Retry-After). */
    @WithDefault("2m")
    Duration retryMax();

    /** Alerts no longer sent by the rule engine for this long count as resolved. */
    @WithDefault("5m")
    Duration resolveTimeout();

    /** How long delivered and failed notifications stay in the history. */
    @WithDefault("30d")
    Duration historyRetention();

    /** How many notifications are delivered at the same time (each blocks up to its receiver's timeout). */
    @WithDefault("4")
    int senders();
}
