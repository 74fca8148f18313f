package io.weir.monitor.lag;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The histories of one source, pruned on every snapshot to what that snapshot still shows: a
 * partition, group or queue that disappears takes its history with it, so nothing reports on
 * ghosts, and a topic deleted and created again starts afresh.
 *
 * <p>One lock per source: {@link #record} holds it while it folds in a snapshot, queries while
 * they copy the points they need, so a query sees all of a snapshot or none of it. Lag is as of
 * the latest snapshot, not the wall clock: it grows from poll to poll while a group is stuck, and
 * when a source stops answering, its numbers freeze.
 */
final class SourceHistory {

    /**
     * A group's commits in one partition, the lag the broker reported with each, and what the
     * latest snapshot told of its next message: that message's timestamp, if read, and since when
     * the end offset has been beyond it (see {@link LagEstimator#atLeast}).
     */
    private static final class Commits {
        final OffsetHistory offsets;
        final OffsetHistory lags;
        RecordTimestamp nextRecord;
        Instant behindSince;

        Commits(OffsetHistory offsets, OffsetHistory lags) {
            this.offsets = offsets;
            this.lags = lags;
        }

        Long lastCommitted() {
            List<OffsetPoint> points = offsets.points();
            return points.isEmpty() ? null : points.get(points.size() - 1).offset();
        }
    }

    private final String source;
    private final int maxPoints;
    private final Duration window;
    private final Map<PartitionKey, OffsetHistory> ends = new HashMap<>();
    private final Map<GroupPartitionKey, Commits> commits = new HashMap<>();
    private final Map<String, OffsetHistory> backlogs = new HashMap<>();
    private Map<String, GroupSnapshot> groups = Map.of();
    private Map<String, QueueSnapshot> queues = Map.of();
    private Instant latest;

    SourceHistory(String source, int maxPoints, Duration window) {
        this.source = source;
        this.maxPoints = maxPoints;
        this.window = window;
    }

    /** Folds in a snapshot; one not later than the latest is ignored. */
    synchronized void record(Instant at, BrokerSnapshot snapshot) {
        if (latest != null && !at.isAfter(latest)) {
            return;
        }
        latest = at;
        recordEnds(at, snapshot);
        recordCommits(at, snapshot.groups());
        recordBacklogs(at, snapshot.queues());
    }

    private void recordEnds(Instant at, BrokerSnapshot snapshot) {
        Map<PartitionKey, Long> seen = new HashMap<>();
        for (QueueSnapshot queue : snapshot.queues()) {
            for (PartitionSnapshot partition : queue.partitions()) {
                seen.put(new PartitionKey(source, queue.name(), partition.partition()), partition.endOffset());
            }
        }
        // A group may have offsets in a topic the source did not list, e.g. without describe rights.
        for (GroupSnapshot group : snapshot.groups()) {
            for (GroupOffset offset : group.offsets()) {
                seen.putIfAbsent(new PartitionKey(source, offset.topic(), offset.partition()), offset.endOffset());
            }
        }
        // Only where the end moved: a quiet spell after a burst must not push the burst out (see OffsetHistory).
        seen.forEach((key, end) -> ends.computeIfAbsent(key, k -> OffsetHistory.changes(maxPoints, window)).record(at, end));
        ends.keySet().retainAll(seen.keySet());
    }

    private void recordCommits(Instant at, List<GroupSnapshot> snapshotGroups) {
        Map<GroupPartitionKey, Commits> kept = new HashMap<>();
        for (GroupSnapshot group : snapshotGroups) {
            for (GroupOffset offset : group.offsets()) {
                // No commit any more (deleted or expired): old points would describe a position that is gone.
                if (offset.committedOffset() != null) {
                    GroupPartitionKey key = new GroupPartitionKey(source, group.group(), offset.topic(), offset.partition());
                    Commits history = commits.get(key);
                    if (history == null) {
                        history = new Commits(newHistory(), newHistory());
                    }
                    boolean moved = !offset.committedOffset().equals(history.lastCommitted());
                    history.behindSince = offset.lag() == 0 ? null
                            : moved || history.behindSince == null ? firstBeyond(key.partitionKey(), offset.nextOffset())
                            : history.behindSince;
                    history.nextRecord = offset.nextRecord();
                    history.offsets.record(at, offset.committedOffset());
                    history.lags.record(at, offset.lag());
                    kept.put(key, history);
                }
            }
        }
        commits.clear();
        commits.putAll(kept);
        groups = snapshotGroups.stream()
                .collect(Collectors.toUnmodifiableMap(GroupSnapshot::group, Function.identity(), (a, b) -> b));
    }

    /**
     * The oldest recorded time from which on every recorded end offset of the partition was
     * beyond {@code offset}; the ends of this snapshot are recorded already, so there is one.
     */
    private Instant firstBeyond(PartitionKey partition, long offset) {
        List<OffsetPoint> points = endPoints(partition);
        Instant first = latest;
        for (int i = points.size() - 1; i >= 0 && points.get(i).offset() > offset; i--) {
            first = points.get(i).at();
        }
        return first;
    }

    private void recordBacklogs(Instant at, List<QueueSnapshot> snapshotQueues) {
        queues = snapshotQueues.stream()
                .collect(Collectors.toUnmodifiableMap(QueueSnapshot::qualifiedName, Function.identity(), (a, b) -> b));
        queues.forEach((name, queue) -> backlogs.computeIfAbsent(name, k -> newHistory()).record(at, queue.messages()));
        backlogs.keySet().retainAll(queues.keySet());
    }

    synchronized LagEstimate lag(String group, String topic, int partition) {
        return lag(new GroupPartitionKey(source, group, topic, partition));
    }

    /** The worst lag of the group over the partitions it has offsets in, of one topic or all. */
    synchronized LagEstimate groupLag(String group, Optional<String> topic) {
        GroupSnapshot snapshot = groups.get(group);
        if (snapshot == null) {
            return LagEstimate.unknown(Quality.NO_OFFSET);
        }
        return LagEstimator.max(snapshot.offsets().stream()
                .filter(offset -> topic.map(offset.topic()::equals).orElse(true))
                .map(offset -> lag(new GroupPartitionKey(source, group, offset.topic(), offset.partition())))
                .toList());
    }

    /** {@code NO_TIMESTAMP} for a queue the latest snapshot did not show. */
    synchronized LagEstimate queueLag(String queue) {
        QueueSnapshot snapshot = queues.get(queue);
        return snapshot == null ? LagEstimate.unknown(Quality.NO_TIMESTAMP) : LagEstimator.ofQueue(snapshot, latest);
    }

    synchronized Optional<GroupWindow> groupWindow(String group) {
        return Optional.ofNullable(groups.get(group)).map(snapshot -> groupWindow(snapshot, this::endPoints));
    }

    /**
     * Hands the window of every group of the latest snapshot to {@code action}, one at a time so
     * that only one group's window is held at once. Each partition's end offsets are copied once
     * and shared by the groups reading it, rather than once per group.
     */
    synchronized void forEachGroupWindow(BiConsumer<String, GroupWindow> action) {
        Map<PartitionKey, List<OffsetPoint>> ends = new HashMap<>();
        Function<PartitionKey, List<OffsetPoint>> sharedEnds = key -> ends.computeIfAbsent(key, this::endPoints);
        groups.forEach((name, snapshot) -> action.accept(name, groupWindow(snapshot, sharedEnds)));
    }

    private GroupWindow groupWindow(GroupSnapshot snapshot, Function<PartitionKey, List<OffsetPoint>> ends) {
        String group = snapshot.group();
        List<PartitionWindow> partitions = snapshot.offsets().stream().map(offset -> {
            Commits history = commits.get(new GroupPartitionKey(source, group, offset.topic(), offset.partition()));
            return new PartitionWindow(offset.topic(), offset.partition(),
                    ends.apply(new PartitionKey(source, offset.topic(), offset.partition())),
                    history == null ? List.of() : history.offsets.points(),
                    history == null ? List.of() : history.lags.points(),
                    history == null ? Optional.empty() : history.offsets.unchangedSince());
        }).toList();
        QueueSnapshot deadLetterQueue = snapshot.deadLetterQueue() == null ? null : queues.get(snapshot.deadLetterQueue());
        return new GroupWindow(group, snapshot.members(), latest, window, partitions, deadLetterQueue == null ? null
                : new GroupWindow.DeadLetters(deadLetterQueue.qualifiedName(), deadLetterQueue.messages()));
    }

    synchronized Optional<BacklogTrend> trend(String queue, OptionalLong limit) {
        OffsetHistory backlog = backlogs.get(queue);
        return backlog == null ? Optional.empty() : BacklogTrend.fit(backlog.points(), limit);
    }

    private LagEstimate lag(GroupPartitionKey key) {
        Commits history = commits.get(key);
        if (history == null) {
            return LagEstimate.unknown(Quality.NO_OFFSET);
        }
        if (history.nextRecord != null && history.behindSince != null) {
            return LagEstimator.fromTimestamp(history.nextRecord, latest);
        }
        LagEstimate estimate = LagEstimator.ofPartition(endPoints(key.partitionKey()), history.lastCommitted(), latest);
        return history.behindSince == null ? estimate : LagEstimator.atLeast(estimate, history.behindSince, latest);
    }

    private List<OffsetPoint> endPoints(PartitionKey key) {
        OffsetHistory history = ends.get(key);
        return history == null ? List.of() : history.points();
    }

    private OffsetHistory newHistory() {
        return new OffsetHistory(maxPoints, window);
    }
}
