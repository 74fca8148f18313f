package io.weir.monitor.lag;

import java.util.Optional;

/**
 * Fires when the group's own dead-letter queue holds messages, however old: each one is a message
 * the group never processed, and it stays there until someone replays or purges it. Groups whose
 * broker keeps no dead letters per group (Kafka) never fire it.
 */
final class DeadLettersCheck implements ConsumerCheck {

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.DEAD_LETTERS;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        GroupWindow.DeadLetters deadLetters = window.deadLetters();
        if (deadLetters == null || deadLetters.messages() <= 0) {
            return Optional.empty();
        }
        return Optional.of(ReasonText.count(deadLetters.messages()) + " message" + (deadLetters.messages() == 1 ? "" : "s")
                + " in its dead-letter queue " + deadLetters.queue() + ", not processed until replayed");
    }
}
