package io.weir.broker;

import io.weir.broker.log.LogRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ordered-mode group (Kafka-like): each partition belongs to one member at a time, assigned
 * sticky on join, leave and session timeout. A member fetches its partitions in order from its
 * fetch position, which starts at the committed offset whenever the partition is (re)assigned;
 * the group commits offsets (the next offset to consume). Delivery is at least once: messages
 * fetched but not committed are fetched again by the partition's next owner. Thread-safe.
 */
final class ConsumerGroup extends Group {

    private Map<Integer, String> owners = new TreeMap<>();
    private final Map<Integer, Long> fetchPositions = new HashMap<>();
    private int rotation;

    ConsumerGroup(Topic topic, String name, GroupConfig config, GroupStateJournal journal, Clock clock) {
        super(topic, name, config, journal, clock);
    }

    /**
     * Joins (or heartbeats) and returns up to {@code max} messages from the member's partitions,
     * waiting up to {@code wait} for some to arrive.
     */
    List<ConsumedMessage> fetch(String consumer, int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long slice = Math.max(1, config.sessionTimeout().toNanos() / 3);
        while (true) {
            long seen = topic.appended().version();
            synchronized (this) {
                join(consumer);
                List<ConsumedMessage> out = readAssigned(consumer, max);
                if (!out.isEmpty()) {
                    return out;
                }
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return List.of();
            }
            // wake up now and then to heartbeat, so a long wait does not end the session
            topic.appended().await(seen, deadline - now < slice ? deadline : now + slice);
        }
    }

    private void join(String consumer) {
        boolean changed = members.touch(consumer);
        changed |= members.expire();
        if (changed) {
            rebalance();
        }
    }

    private void rebalance() {
        Map<Integer, String> next = StickyAssignment.assign(topic.partitionCount(), members.members(), owners);
        next.forEach((p, owner) -> {
            if (!owner.equals(owners.get(p))) {
                fetchPositions.remove(p); // the new owner starts at the committed offset
            }
        });
        owners = next;
    }

    private List<ConsumedMessage> readAssigned(String consumer, int max) {
        List<Integer> mine = new ArrayList<>();
        owners.forEach((p, owner) -> {
            if (owner.equals(consumer)) {
                mine.add(p);
            }
        });
        List<ConsumedMessage> out = new ArrayList<>();
        rotation++;
        for (int i = 0; i < mine.size() && out.size() < max; i++) {
            int p = mine.get(Math.floorMod(rotation + i, mine.size()));
            List<LogRecord> records = topic.readFrom(p, fetchPositions.computeIfAbsent(p, this::position),
                    max - out.size());
            records.forEach(r -> out.add(new ConsumedMessage(topic.name(), p, r)));
            if (!records.isEmpty()) {
                fetchPositions.put(p, records.get(records.size() - 1).offset() + 1);
            }
        }
        return out;
    }

    /**
     * Commits offsets: for each partition the offset of the next message to consume.
     *
     * @throws IllegalArgumentException for an unknown partition or an offset outside the log
     */
    synchronized void commit(Map<Integer, Long> offsets) {
        List<GroupEvent> events = new ArrayList<>();
        offsets.forEach((p, offset) -> {
            if (p < 0 || p >= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + topic.name() + " has no partition " + p);
            }
            long start = topic.partition(p).startOffset();
            long end = topic.partition(p).endOffset();
            if (offset < start || offset > end) {
                throw new IllegalArgumentException("offset " + offset + " is outside partition " + p + " ["
                        + start + ", " + end + "]");
            }
            events.add(new GroupEvent.Committed(p, offset));
        });
        journal.append(events);
    }

    @Override
    protected void membersChanged() {
        rebalance();
    }

    @Override
    protected void positionsReset() {
        fetchPositions.clear();
    }

    @Override
    synchronized GroupDescription describe(String deadLetterTopic, long deadLetters) {
        if (members.expire()) {
            rebalance();
        }
        Map<String, List<Integer>> assignments = new TreeMap<>();
        owners.forEach((p, owner) -> assignments.computeIfAbsent(owner, o -> new ArrayList<>()).add(p));
        return new GroupDescription(topic.name(), name, config, members.members(), positions(), lag(),
                assignments, 0, deadLetterTopic, deadLetters);
    }
}
