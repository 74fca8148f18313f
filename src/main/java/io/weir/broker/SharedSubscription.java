package io.weir.broker;

import io.weir.broker.log.LogRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A shared-mode group (RabbitMQ/SQS-like): any member receives any message; each delivery must be
 * acknowledged before the visibility timeout, or the message is handed out again. Every delivery
 * is journaled with its attempt number before it is returned, so a restart forgets no delivery:
 * messages in flight at the crash are redeliverable at once afterwards, with their attempts kept.
 * A message whose last allowed attempt is nacked or expires goes to the dead-letter topic.
 * Expiry is checked whenever the group is used (receive, ack, nack, describe) rather than by a
 * timer, so with no consumer around an expired message waits for the next receive, as in SQS.
 * Redeliveries are handed out before new messages; order is not preserved. Thread-safe.
 */
final class SharedSubscription extends Group {

    private static final int MAX_REASON_CHARS = 1000;

    private record InFlight(int attempt, Instant deadline) {
    }

    private final DeadLetters deadLetters;
    private final Map<Integer, TreeMap<Long, InFlight>> inFlight = new HashMap<>();
    private int rotation;

    SharedSubscription(Topic topic, String name, GroupConfig config, GroupStateJournal journal, Clock clock,
            DeadLetters deadLetters) {
        super(topic, name, config, journal, clock);
        this.deadLetters = deadLetters;
    }

    /** Returns up to {@code max} deliveries for {@code consumer}, waiting up to {@code wait} for some. */
    List<Delivery> receive(String consumer, int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long slice = Duration.ofMillis(100).toNanos(); // to notice visibility timeouts while waiting
        while (true) {
            long seen = topic.appended().version();
            synchronized (this) {
                members.touch(consumer);
                expireDeliveries();
                List<Delivery> out = handOut(max);
                if (!out.isEmpty()) {
                    return out;
                }
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return List.of();
            }
            topic.appended().await(seen, deadline - now < slice ? deadline : now + slice);
        }
    }

    private List<Delivery> handOut(int max) {
        List<GroupEvent> events = new ArrayList<>();
        List<ConsumedMessage> messages = new ArrayList<>();
        rotation++;
        int partitions = topic.partitionCount();
        for (int i = 0; i < partitions && messages.size() < max; i++) {
            int p = Math.floorMod(rotation + i, partitions);
            GroupState.Partition state = journal.state().partition(p);
            state.skipTo(position(p));
            collectRedeliveries(p, state, max, events, messages);
            if (messages.size() < max) {
                long from = Math.max(state.cursor, state.position);
                for (LogRecord record : topic.readFrom(p, from, max - messages.size())) {
                    events.add(new GroupEvent.Delivered(p, record.offset(), 1));
                    messages.add(new ConsumedMessage(topic.name(), p, record));
                }
            }
        }
        journal.append(events);
        Instant deadline = clock.instant().plus(config.visibilityTimeout());
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            GroupEvent.Delivered d = (GroupEvent.Delivered) events.get(i);
            inFlight.computeIfAbsent(d.partition(), p -> new TreeMap<>())
                    .put(d.offset(), new InFlight(d.attempt(), deadline));
            out.add(new Delivery(new Receipt(topic.name(), name, d.partition(), d.offset(), d.attempt()),
                    messages.get(i)));
        }
        return out;
    }

    /** Delivered, unsettled messages not in flight: nacked, expired, or in flight before a restart. */
    private void collectRedeliveries(int p, GroupState.Partition state, int max, List<GroupEvent> events,
            List<ConsumedMessage> messages) {
        TreeMap<Long, InFlight> flying = inFlight.getOrDefault(p, new TreeMap<>());
        for (Map.Entry<Long, Integer> e : new ArrayList<>(state.attempts.entrySet())) {
            if (messages.size() >= max) {
                return;
            }
            long offset = e.getKey();
            if (flying.containsKey(offset)) {
                continue;
            }
            if (e.getValue() >= config.maxAttempts()) {
                // only after a restart: the last attempt was in flight when the broker stopped
                deadLetter(p, offset, e.getValue(), state.reasons.getOrDefault(offset,
                        "attempt " + e.getValue() + " was in flight when the broker stopped"));
                continue;
            }
            Optional<LogRecord> record = topic.readAt(p, offset);
            if (record.isPresent()) { // else retention deleted it; skipTo forgets it next time
                events.add(new GroupEvent.Delivered(p, offset, e.getValue() + 1));
                messages.add(new ConsumedMessage(topic.name(), p, record.get()));
            }
        }
    }

    private void expireDeliveries() {
        Instant now = clock.instant();
        for (Map.Entry<Integer, TreeMap<Long, InFlight>> partition : inFlight.entrySet()) {
            int p = partition.getKey();
            for (Map.Entry<Long, InFlight> e : new ArrayList<>(partition.getValue().entrySet())) {
                InFlight delivery = e.getValue();
                if (!delivery.deadline().isAfter(now)) {
                    partition.getValue().remove(e.getKey());
                    if (delivery.attempt() >= config.maxAttempts()) {
                        deadLetter(p, e.getKey(), delivery.attempt(), "visibility timeout of "
                                + config.visibilityTimeout() + " expired on attempt " + delivery.attempt());
                    }
                }
            }
        }
    }

    /**
     * Settles the message. Returns false, changing nothing, if it was settled already or the
     * receipt is stale (the message was handed out again since).
     */
    synchronized boolean ack(Receipt receipt) {
        expireDeliveries();
        if (!isCurrent(receipt)) {
            return false;
        }
        journal.append(List.of(new GroupEvent.Acked(receipt.partition(), receipt.offset())));
        inFlight.getOrDefault(receipt.partition(), new TreeMap<>()).remove(receipt.offset());
        return true;
    }

    /**
     * Rejects the delivery: the message is redeliverable at once, or goes to the dead-letter topic
     * if this was its last attempt. Returns false, changing nothing, if the receipt is not current.
     */
    synchronized boolean nack(Receipt receipt, String reason) {
        expireDeliveries();
        if (!isCurrent(receipt)) {
            return false;
        }
        String why = reason == null || reason.isBlank() ? "rejected by the consumer" : reason;
        why = why.length() > MAX_REASON_CHARS ? why.substring(0, MAX_REASON_CHARS) : why;
        int p = receipt.partition();
        inFlight.getOrDefault(p, new TreeMap<>()).remove(receipt.offset());
        if (receipt.attempt() >= config.maxAttempts()) {
            deadLetter(p, receipt.offset(), receipt.attempt(), why);
        } else {
            journal.append(List.of(new GroupEvent.Nacked(p, receipt.offset(), why)));
        }
        topic.appended().signal(); // waiting receivers can have it now
        return true;
    }

    /**
     * Current: the message is unsettled and this receipt is for its latest delivery, in flight or
     * expired but not yet handed out again (a late ack of finished work is still welcome).
     */
    private boolean isCurrent(Receipt receipt) {
        if (receipt.partition() < 0 || receipt.partition() >= topic.partitionCount()) {
            return false;
        }
        GroupState.Partition state = journal.state().partition(receipt.partition());
        Integer attempts = state.attempts.get(receipt.offset());
        return !state.isSettled(receipt.offset()) && attempts != null && attempts == receipt.attempt();
    }

    private void deadLetter(int p, long offset, int attempts, String reason) {
        // if retention deleted the message there is nothing to keep; it is settled all the same
        topic.readAt(p, offset).ifPresent(record -> deadLetters.write(topic.name(), name, p, record, attempts, reason));
        journal.append(List.of(new GroupEvent.DeadLettered(p, offset)));
    }

    synchronized int inFlightCount() {
        expireDeliveries();
        return inFlight.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    protected void positionsReset() {
        inFlight.clear();
    }

    @Override
    synchronized GroupDescription describe(String deadLetterTopic, long deadLetterCount) {
        int flying = inFlightCount();
        return new GroupDescription(topic.name(), name, config, members.members(), positions(), lag(), Map.of(),
                flying, deadLetterTopic, deadLetterCount);
    }
}
