package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link GroupWindow} with one point a minute. Every partition's series end at the same
 * "now"; a partition with fewer points was added later, and commits shorter than the end offsets
 * started later. Lag at each commit is the end offset at that minute minus the commit.
 */
final class GroupWindowFixture {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration STEP = Duration.ofMinutes(1);

    private final String group;
    private int members = 1;
    private Duration window = Duration.ofMinutes(15);
    private GroupWindow.DeadLetters deadLetters;
    private final List<PartitionFixture> partitions = new ArrayList<>();

    private GroupWindowFixture(String group) {
        this.group = group;
    }

    static GroupWindowFixture group(String group) {
        return new GroupWindowFixture(group);
    }

    GroupWindowFixture members(int members) {
        this.members = members;
        return this;
    }

    GroupWindowFixture window(Duration window) {
        this.window = window;
        return this;
    }

    GroupWindowFixture deadLetters(String queue, long messages) {
        this.deadLetters = new GroupWindow.DeadLetters(queue, messages);
        return this;
    }

    PartitionFixture partition(String topic, int partition) {
        PartitionFixture fixture = new PartitionFixture(topic, partition);
        partitions.add(fixture);
        return fixture;
    }

    GroupWindow build() {
        int length = partitions.stream().mapToInt(partition -> partition.ends.length).max().orElse(1);
        Instant now = T0.plus(STEP.multipliedBy(length - 1L));
        return new GroupWindow(group, members, now, window, partitions.stream().map(partition -> partition.build(now)).toList(),
                deadLetters);
    }

    /** The time of the point at this index in the longest series. */
    static Instant minute(int minute) {
        return T0.plus(STEP.multipliedBy(minute));
    }

    final class PartitionFixture {
        private final String topic;
        private final int partition;
        private long[] ends = {};
        private long[] commits = {};
        private Instant unchangedSince;

        private PartitionFixture(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }

        PartitionFixture ends(long... ends) {
            this.ends = ends;
            return this;
        }

        PartitionFixture commits(long... commits) {
            this.commits = commits;
            return this;
        }

        /** Overrides when the latest commit value was first seen, e.g. before the window. */
        PartitionFixture commitUnchangedSince(Instant since) {
            this.unchangedSince = since;
            return this;
        }

        PartitionFixture partition(String topic, int partition) {
            return GroupWindowFixture.this.partition(topic, partition);
        }

        GroupWindow build() {
            return GroupWindowFixture.this.build();
        }

        private PartitionWindow build(Instant now) {
            List<OffsetPoint> endPoints = points(ends, now);
            List<OffsetPoint> commitPoints = points(commits, now);
            List<OffsetPoint> lags = new ArrayList<>();
            for (int i = 0; i < commits.length; i++) {
                long end = ends[ends.length - commits.length + i];
                lags.add(new OffsetPoint(commitPoints.get(i).at(), Math.max(0, end - commits[i])));
            }
            return new PartitionWindow(topic, partition, endPoints, commitPoints, lags,
                    Optional.ofNullable(unchangedSince).or(() -> firstOfLastRun(commitPoints)));
        }

        private List<OffsetPoint> points(long[] values, Instant now) {
            List<OffsetPoint> points = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                points.add(new OffsetPoint(now.minus(STEP.multipliedBy(values.length - 1L - i)), values[i]));
            }
            return points;
        }

        private static Optional<Instant> firstOfLastRun(List<OffsetPoint> commits) {
            if (commits.isEmpty()) {
                return Optional.empty();
            }
            int first = commits.size() - 1;
            while (first > 0 && commits.get(first - 1).offset() == commits.get(first).offset()) {
                first--;
            }
            return Optional.of(commits.get(first).at());
        }
    }
}
