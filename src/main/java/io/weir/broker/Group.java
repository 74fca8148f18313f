package io.weir.broker;

import io.weir.broker.log.PartitionLog;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What both kinds of consumer group share: the topic, the durable state, the members, the
 * position per partition, offset resets and the dead-letter replay position. All state changes
 * happen under the group's monitor; long polls wait outside it.
 */
abstract sealed class Group implements AutoCloseable permits ConsumerGroup, SharedSubscription {

    protected final Topic topic;
    protected final String name;
    protected final GroupConfig config;
    protected final GroupStateJournal journal;
    protected final Clock clock;
    protected final Membership members;

    Group(Topic topic, String name, GroupConfig config, GroupStateJournal journal, Clock clock) {
        this.topic = topic;
        this.name = name;
        this.config = config;
        this.journal = journal;
        this.clock = clock;
        this.members = new Membership(config.sessionTimeout(), clock);
    }

    /**
     * Where the group resumes in {@code partition}, clamped to the partition's stored range: a
     * new group starts at the oldest stored message, and one whose position retention deleted
     * continues at the new start.
     */
    synchronized long position(int partition) {
        PartitionLog log = topic.partition(partition);
        long stored = journal.state().partitions().containsKey(partition)
                ? journal.state().partition(partition).position : log.startOffset();
        return Math.min(Math.max(stored, log.startOffset()), log.endOffset());
    }

    synchronized Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new TreeMap<>();
        for (int p = 0; p < topic.partitionCount(); p++) {
            positions.put(p, position(p));
        }
        return positions;
    }

    synchronized Map<Integer, Long> lag() {
        Map<Integer, Long> lag = new TreeMap<>();
        positions().forEach((p, position) -> lag.put(p, topic.partition(p).endOffset() - position));
        return lag;
    }

    /** The consumer leaves at once instead of at its session timeout. */
    synchronized void leave(String consumer) {
        if (members.leave(consumer)) {
            membersChanged();
        }
    }

    /** Lets the subclass react to a member leaving; nothing by default. */
    protected void membersChanged() {
    }

    /**
     * Moves the group's positions as planned. Like Kafka, only while no consumer is active, since
     * a consumer would otherwise keep reading from its old position.
     *
     * @throws IllegalStateException if the group has members
     */
    synchronized void applyReset(OffsetResetPlan plan) {
        List<String> active = members.members();
        if (!active.isEmpty()) {
            throw new IllegalStateException("group " + name + " has active consumers " + active
                    + "; stop them (or wait for their session timeout) before resetting offsets");
        }
        journal.append(plan.partitions().stream()
                .map(r -> (GroupEvent) new GroupEvent.Committed(r.partition(), r.after())).toList());
        positionsReset();
    }

    /** The topic has more partitions than before; nothing by default. */
    void partitionsAdded() {
    }

    /** Drops whatever the subclass derived from the old positions. */
    protected abstract void positionsReset();

    abstract GroupDescription describe(String deadLetterTopic, long deadLetters);

    synchronized long replayPosition(int deadLetterPartition) {
        return journal.state().replayPosition(deadLetterPartition);
    }

    synchronized void replayed(int deadLetterPartition, long nextOffset) {
        journal.append(List.of(new GroupEvent.Replayed(deadLetterPartition, nextOffset)));
    }

    String name() {
        return name;
    }

    GroupConfig config() {
        return config;
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
