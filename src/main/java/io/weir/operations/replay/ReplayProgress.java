package io.weir.operations.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * A job's pace, estimated from its counts and its age: messages per second so far and the time
 * left at that pace. Both are {@code null} before the first batch; time left is {@code null} once
 * the job stopped.
 */
public record ReplayProgress(Double ratePerSecond, Duration timeLeft) {

    public static ReplayProgress of(ReplayJob job, Instant now) {
        if (job.done() == 0) {
            return new ReplayProgress(null, null);
        }
        Instant until = job.finishedAt == null ? now : job.finishedAt;
        double seconds = Math.max(0.001, (until.toEpochMilli() - job.createdAt.toEpochMilli()) / 1000.0);
        double rate = job.done() / seconds;
        Duration left = job.state != ReplayState.RUNNING ? null
                : Duration.ofSeconds(Math.round(Math.max(0, job.total - job.done()) / rate));
        return new ReplayProgress(rate, left);
    }
}
