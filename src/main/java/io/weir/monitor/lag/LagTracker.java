package io.weir.monitor.lag;

import io.weir.core.BrokerSnapshot;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lag in time, consumer status and backlog trends for every source, from the snapshots the
 * monitor records. The one entry point of this package.
 *
 * <p>Threads: {@link #record} is called by one thread per source (the source's poller); queries
 * may come from any thread. Each source's histories sit behind their own lock, so recording one
 * source never waits for another, and a query sees a whole snapshot of a source or none of it.
 * Nothing blocks beyond that lock, held for in-memory bookkeeping only.
 *
 * <p>Memory: per partition, group partition and queue, at most {@code maxPoints} points within
 * {@code window}; only what the latest snapshot of a source shows is kept.
 */
public final class LagTracker {

    public static final int DEFAULT_MAX_POINTS = 60;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

    private final int maxPoints;
    private final Duration window;
    private final Map<String, SourceHistory> sources = new ConcurrentHashMap<>();

    public LagTracker() {
        this(DEFAULT_MAX_POINTS, DEFAULT_WINDOW);
    }

    /**
     * @param maxPoints points kept per series, at least 2
     * @param window how far back points are kept, and the span the consumer checks judge
     */
    public LagTracker(int maxPoints, Duration window) {
        OffsetHistory.checkBounds(maxPoints, window);
        this.maxPoints = maxPoints;
        this.window = window;
    }

    /**
     * Records a successful poll of a source taken at {@code at}. Snapshots not later than the
     * source's latest are ignored.
     */
    public void record(String source, Instant at, BrokerSnapshot snapshot) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(snapshot, "snapshot");
        sources.computeIfAbsent(source, name -> new SourceHistory(name, maxPoints, window)).record(at, snapshot);
    }

    /** How far behind the group is in one partition, as of the source's latest snapshot. */
    public LagEstimate lag(String source, String group, String topic, int partition) {
        return history(source).map(history -> history.lag(group, topic, partition))
                .orElse(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    /** The group's worst lag over the partitions of one topic; see {@link LagEstimator#max}. */
    public LagEstimate groupTopicLag(String source, String group, String topic) {
        return history(source).map(history -> history.groupLag(group, Optional.of(topic)))
                .orElse(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    /** The group's worst lag over every partition it has offsets in. */
    public LagEstimate groupLag(String source, String group) {
        return history(source).map(history -> history.groupLag(group, Optional.empty()))
                .orElse(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    /**
     * The age of a queue's oldest ready message (RabbitMQ), by qualified name
     * ({@code vhost/queue}); {@code NO_TIMESTAMP} when the broker did not tell it or the latest
     * snapshot did not show the queue.
     */
    public LagEstimate queueLag(String source, String queue) {
        return history(source).map(history -> history.queueLag(queue))
                .orElse(LagEstimate.unknown(Quality.NO_TIMESTAMP));
    }

    /**
     * The group's status over the window; empty when the latest snapshot did not show the group,
     * or while too few polls have been seen to call it OK (the UI says "measuring").
     */
    public Optional<ConsumerStatusResult> status(String source, String group) {
        return history(source).flatMap(history -> history.groupWindow(group)).flatMap(LagTracker::judge);
    }

    /**
     * The status of every group of the source's latest snapshot that has one, as {@link #status}
     * gives it, by group; much cheaper than asking group by group.
     */
    public Map<String, ConsumerStatusResult> statuses(String source) {
        Map<String, ConsumerStatusResult> statuses = new HashMap<>();
        history(source).ifPresent(history -> history.forEachGroupWindow((group, window) ->
                judge(window).ifPresent(result -> statuses.put(group, result))));
        return statuses;
    }

    private static Optional<ConsumerStatusResult> judge(GroupWindow window) {
        ConsumerStatusResult result = ConsumerStatusEvaluator.evaluate(window);
        return result.status() != ConsumerStatus.OK || judged(window) ? Optional.of(result) : Optional.empty();
    }

    /**
     * Where a topic's or queue's backlog is heading, by qualified name, against an optional limit
     * (e.g. a queue's max-length); empty with fewer than two points or for a name the latest
     * snapshot did not show. For a topic the backlog is what its log holds (end minus start), not
     * what a group has yet to read: use the group lag for that.
     */
    public Optional<BacklogTrend> trend(String source, String queue, OptionalLong limit) {
        return history(source).flatMap(history -> history.trend(queue, limit));
    }

    private static boolean judged(GroupWindow window) {
        return window.partitions().stream().anyMatch(p -> p.commits().size() >= ConsumerCheck.MIN_POINTS);
    }

    /**
     * Drops everything about a source, e.g. when it is removed from the configuration. Call it
     * after the source's poller has stopped, or its next snapshot starts a new history.
     */
    public void forget(String source) {
        sources.remove(source);
    }

    private Optional<SourceHistory> history(String source) {
        return Optional.ofNullable(sources.get(source));
    }
}
