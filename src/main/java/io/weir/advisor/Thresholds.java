package io.weir.advisor;

import java.time.Duration;

/**
 * The limits the checks compare with, from {@code weir.advisor.*}.
 *
 * @param deadLetterUndrainedAfter a dead-letter queue that received messages and has not shrunk
 *     for this long is reported as never drained
 * @param producerRetryTime how long the built-in broker's producers keep retrying a publish; a
 *     dedup window shorter than this lets a late retry through as a duplicate
 * @param redeliverRate redeliveries per second above which a queue is reported as redelivering
 */
public record Thresholds(Duration deadLetterUndrainedAfter, Duration producerRetryTime, double redeliverRate) {

    public static final Thresholds DEFAULTS = new Thresholds(Duration.ofHours(1), Duration.ofMinutes(5), 1.0);
}
