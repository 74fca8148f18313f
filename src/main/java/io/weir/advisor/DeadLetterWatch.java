package io.weir.advisor;

import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers, per dead-letter queue of one source, since when it has held messages without
 * shrinking and whether it received any meanwhile: a queue that only holds old dead letters
 * someone looked at is not "undrained", one that keeps receiving and never shrinks is. Held in
 * memory: after a restart the watch starts again. Not thread-safe; one per source, fed in order.
 */
final class DeadLetterWatch {

    private record State(long messages, Instant holdingSince, boolean received) {
    }

    private final Map<String, State> states = new HashMap<>();

    /** Takes in a successful snapshot. */
    void record(SourceSnapshot snapshot) {
        Map<String, State> next = new HashMap<>();
        for (QueueSnapshot queue : snapshot.broker().queues()) {
            if (!queue.deadLetter() || queue.messages() < 0) {
                continue;
            }
            State previous = states.get(queue.qualifiedName());
            long messages = queue.messages();
            State state;
            if (messages == 0) {
                state = new State(0, null, false);
            } else if (previous == null) {
                state = new State(messages, snapshot.takenAt(), false);
            } else if (messages < previous.messages()) {
                state = new State(messages, snapshot.takenAt(), false);
            } else {
                state = new State(messages, previous.holdingSince() == null ? snapshot.takenAt() : previous.holdingSince(),
                        previous.received() || messages > previous.messages());
            }
            next.put(queue.qualifiedName(), state);
        }
        states.clear();
        states.putAll(next);
    }

    /** Per dead-letter queue that received messages and has not shrunk since, for how long, until {@code now}. */
    Map<String, Duration> undrained(Instant now) {
        Map<String, Duration> undrained = new HashMap<>();
        states.forEach((queue, state) -> {
            if (state.received() && state.holdingSince() != null) {
                undrained.put(queue, Duration.between(state.holdingSince(), now));
            }
        });
        return undrained;
    }
}
