package io.weir.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one consumer group, fixed when it is created.
 *
 * @param mode ordered (partitions assigned, offsets committed) or shared (per-message ack)
 * @param visibilityTimeout shared mode: how long a delivery may stay unacknowledged before the
 *     message is handed out again
 * @param maxAttempts shared mode: deliveries of one message before it goes to the dead-letter
 *     topic instead of being handed out again
 * @param sessionTimeout a consumer that has not fetched or received for this long leaves the group
 *     and, in ordered mode, its partitions are reassigned
 */
public record GroupConfig(DeliveryMode mode, Duration visibilityTimeout, int maxAttempts, Duration sessionTimeout) {

    public GroupConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (visibilityTimeout.isNegative() || visibilityTimeout.isZero() || sessionTimeout.isNegative()
                || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static GroupConfig ordered() {
        return new GroupConfig(DeliveryMode.ORDERED, Duration.ofSeconds(30), 5, Duration.ofSeconds(30));
    }

    public static GroupConfig shared(Duration visibilityTimeout, int maxAttempts) {
        return new GroupConfig(DeliveryMode.SHARED, visibilityTimeout, maxAttempts, Duration.ofSeconds(30));
    }

    public GroupConfig withSessionTimeout(Duration timeout) {
        return new GroupConfig(mode, visibilityTimeout, maxAttempts, timeout);
    }
}
