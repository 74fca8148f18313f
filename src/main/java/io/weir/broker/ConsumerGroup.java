package io.weir.broker;

import io.weir.broker.log.LogRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ordered-mode group (Kafka-like): each partition belongs to one member at a time, assigned
 * sticky on join, leave and session timeout. A member fetches its partitions in order from its
 * fetch position, which starts at the committed offset whenever the partition is (re)assigned;
 * the partition's owner commits offsets (the next offset to consume), which only move forward.
 * Delivery is at least once: messages fetched but not committed are fetched again by the
 * partition's next owner. Ownership lives in memory only: after a restart a consumer owns nothing
 * until it fetches again. Thread-safe.
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
     * waiting up to {@code wait} for some to arrive. The log is read outside the group's lock, so
     * members of one group read in parallel; what a member read counts only if, when it is done,
     * the partition is still its own and its fetch position has not moved (no rebalance, reset or
     * concurrent fetch of the same member in between), and is read again otherwise.
     */
    List<ConsumedMessage> fetch(String consumer, int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long slice = Math.max(1, config.sessionTimeout().toNanos() / 3);
        while (true) {
            long seen = topic.appended().version();
            Map<Integer, Long> from;
            synchronized (this) {
                join(consumer);
                from = fetchPlan(consumer);
            }
            Map<Integer, List<LogRecord>> read = new LinkedHashMap<>();
            int count = 0;
            for (Map.Entry<Integer, Long> e : from.entrySet()) {
                if (count >= max) {
                    break;
                }
                List<LogRecord> records = topic.readFrom(e.getKey(), e.getValue(), max - count);
                if (!records.isEmpty()) {
                    read.put(e.getKey(), records);
                    count += records.size();
                }
            }
            List<ConsumedMessage> out = new ArrayList<>(count);
            boolean stale = false;
            synchronized (this) {
                for (Map.Entry<Integer, List<LogRecord>> e : read.entrySet()) {
                    int p = e.getKey();
                    if (!consumer.equals(owners.get(p)) || !from.get(p).equals(fetchPositions.get(p))) {
                        stale = true;
                        continue;
                    }
                    List<LogRecord> records = e.getValue();
                    records.forEach(r -> out.add(new ConsumedMessage(topic.name(), p, r)));
                    fetchPositions.put(p, records.get(records.size() - 1).offset() + 1);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return List.of();
            }
            if (!stale) {
                // wake up now and then to heartbeat, so a long wait does not end the session
                topic.appended().await(seen, deadline - now < slice ? deadline : now + slice);
            }
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

    /** The member's partitions, each with its fetch position, starting at a different one each time. */
    private Map<Integer, Long> fetchPlan(String consumer) {
        List<Integer> mine = new ArrayList<>();
        owners.forEach((p, owner) -> {
            if (owner.equals(consumer)) {
                mine.add(p);
            }
        });
        rotation++;
        Map<Integer, Long> plan = new LinkedHashMap<>();
        for (int i = 0; i < mine.size(); i++) {
            int p = mine.get(Math.floorMod(rotation + i, mine.size()));
            plan.put(p, fetchPositions.computeIfAbsent(p, this::position));
        }
        return plan;
    }

    /**
     * Commits offsets for {@code consumer}: for each partition the offset of the next message to
     * consume. Only the partition's current owner may commit, since a consumer that lost it (its
     * session timed out, it left, or the broker restarted) commits what it fetched before the
     * new owner started at the committed offset, and would move the group back behind the new
     * owner's commits. A committed offset never goes back: an offset at or below it (a late or
     * repeated commit) leaves the partition as it is; only an offset reset moves a group back.
     * Checks every partition before it writes anything, so a refused commit changes nothing.
     *
     * @throws IllegalArgumentException for an unknown partition or an offset outside the log
     * @throws IllegalStateException if the consumer does not own one of the partitions
     */
    synchronized void commit(String consumer, Map<Integer, Long> offsets) {
        if (members.expire()) {
            rebalance();
        }
        List<GroupEvent> events = new ArrayList<>();
        new TreeMap<>(offsets).forEach((p, offset) -> {
            if (p < 0 || p >= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + topic.name() + " has no partition " + p);
            }
            long start = topic.partition(p).startOffset();
            long end = topic.partition(p).endOffset();
            if (offset < start || offset > end) {
                throw new IllegalArgumentException("offset " + offset + " is outside partition " + p + " ["
                        + start + ", " + end + "]");
            }
            String owner = owners.get(p);
            if (!consumer.equals(owner)) {
                throw new IllegalStateException(notOwner(consumer, p, owner));
            }
            if (offset > position(p)) {
                events.add(new GroupEvent.Committed(p, offset));
            }
        });
        journal.append(events);
    }

    /**
     * Commits offsets chosen outside the broker, for a group whose members and assignment live in
     * another protocol (a Kafka consumer group): no ownership check, and an offset may go back, as
     * a Kafka consumer commits what it likes after a seek. Checks every partition first.
     *
     * @throws IllegalArgumentException for an unknown partition or an offset beyond the log end
     * @throws IllegalStateException while the broker's own consumers are members of the group
     */
    synchronized void commitExternally(Map<Integer, Long> offsets) {
        requireNoMembers();
        List<GroupEvent> events = new ArrayList<>();
        new TreeMap<>(offsets).forEach((p, offset) -> {
            if (p < 0 || p >= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + topic.name() + " has no partition " + p);
            }
            if (offset < 0 || offset > topic.partition(p).endOffset()) {
                throw new IllegalArgumentException("offset " + offset + " is beyond the end of partition " + p);
            }
            events.add(new GroupEvent.Committed(p, offset));
        });
        journal.append(events);
        positionsReset();
    }

    /**
     * Forgets the committed offsets of {@code partitions}, for a group whose members live in
     * another protocol: the group resumes them where a new group starts, at the oldest stored
     * message. Returns whether the group still has a committed offset in any partition.
     *
     * @throws IllegalArgumentException for an unknown partition
     * @throws IllegalStateException while the broker's own consumers are members of the group
     */
    synchronized boolean forget(Collection<Integer> partitions) {
        requireNoMembers();
        List<GroupEvent> events = new ArrayList<>();
        for (int p : new TreeSet<>(partitions)) {
            if (p < 0 || p >= topic.partitionCount()) {
                throw new IllegalArgumentException("topic " + topic.name() + " has no partition " + p);
            }
            events.add(new GroupEvent.Forgotten(p));
        }
        journal.append(events);
        positionsReset();
        return !journal.state().partitions().isEmpty();
    }

    /** @throws IllegalStateException while the broker's own consumers are members of the group */
    private void requireNoMembers() {
        members.expire();
        if (!members.members().isEmpty()) {
            throw new IllegalStateException("group " + name + " of topic " + topic.name()
                    + " has consumers fetching through the broker: " + members.members());
        }
    }

    @Override
    synchronized void partitionsAdded() {
        rebalance();
    }

    private String notOwner(String consumer, int partition, String owner) {
        String why = !members.members().contains(consumer)
                ? " is not a member of group " + name + " (it left, its session timed out or the broker restarted)"
                : " does not own partition " + partition + " of group " + name + " (it is " + owner + "'s now)";
        return "commit refused: consumer " + consumer + why + "; what it fetched from partition " + partition
                + " goes again to the partition's owner, from the committed offset; fetch to get its partitions";
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
