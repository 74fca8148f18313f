package io.weir.alerting.notify;

import java.time.Duration;
import java.util.Optional;

/** How one delivery attempt ended, as the dispatcher needs to know it. */
public sealed interface SendResult {

    /** The receiver's answer (status and body, shortened), or the error that prevented one. */
    String answer();

    /** The receiver took the notification. */
    record Delivered(String answer) implements SendResult {
    }

    /**
     * Worth trying again: network error, timeout, 5xx or 429. {@code retryAfter} is what the
     * receiver asked for in its {@code Retry-After} header, when it did.
     */
    record Retryable(String answer, Optional<Duration> retryAfter) implements SendResult {
    }

    /** Trying again would give the same answer (a 4xx other than 429, or an unexpected reply). */
    record Permanent(String answer) implements SendResult {
    }
}
