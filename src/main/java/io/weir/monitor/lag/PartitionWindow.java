package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the window holds about a group in one partition, oldest points first. {@code commits} and
 * {@code lags} were recorded together (the lag as the broker reported it with the commit) and have
 * the same times; {@code ends} may hold more points, from before the group committed there.
 *
 * @param topic the topic
 * @param partition the partition
 * @param ends the partition's end offsets, a run of one value as its first and latest point
 * @param commits the group's committed offsets, empty while it has none there
 * @param lags the group's lag in messages at each commit point
 * @param commitUnchangedSince when the current committed offset was first seen, which may be
 *     before the oldest point; empty without commits
 */
record PartitionWindow(String topic, int partition, List<OffsetPoint> ends, List<OffsetPoint> commits,
        List<OffsetPoint> lags, Optional<Instant> commitUnchangedSince) {

    PartitionWindow {
        Objects.requireNonNull(topic, "topic");
        ends = List.copyOf(ends);
        commits = List.copyOf(commits);
        lags = List.copyOf(lags);
        Objects.requireNonNull(commitUnchangedSince, "commitUnchangedSince");
        if (commits.size() != lags.size()) {
            throw new IllegalArgumentException("commits and lags are recorded together");
        }
    }

    /** The name operators know, e.g. {@code orders-3}. */
    String name() {
        return topic + "-" + partition;
    }

    /** Messages the end offset grew by across the window, 0 with fewer than two points. */
    long arrived() {
        if (ends.size() < 2) {
            return 0;
        }
        return Math.max(0, ends.get(ends.size() - 1).offset() - ends.get(0).offset());
    }

    /** Time between the oldest and the newest end offset, zero with fewer than two points. */
    Duration endSpan() {
        return ends.size() < 2 ? Duration.ZERO : Duration.between(ends.get(0).at(), ends.get(ends.size() - 1).at());
    }

    /** Whether the lag was above zero at every commit point. */
    boolean behindThroughout() {
        return !lags.isEmpty() && lags.stream().allMatch(point -> point.offset() > 0);
    }

    /** Whether the committed offset kept one value across the window (trivially, with one point). */
    boolean commitsFlat() {
        return commits.stream().map(OffsetPoint::offset).distinct().count() <= 1;
    }

    Optional<OffsetPoint> latestLag() {
        return lags.isEmpty() ? Optional.empty() : Optional.of(lags.get(lags.size() - 1));
    }
}
