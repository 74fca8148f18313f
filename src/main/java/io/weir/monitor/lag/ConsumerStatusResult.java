package io.weir.monitor.lag;

import java.util.Objects;

/**
 * A group's status and why, in words an operator understands, e.g. "committed offset on orders-3
 * went back from 1,200 to 800 at 10:04:12 UTC".
 */
public record ConsumerStatusResult(ConsumerStatus status, String reason) {

    public ConsumerStatusResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
