package io.weir.operations.replay;

import io.weir.operations.browse.BrowsedMessage;
import io.weir.sources.DeadLetterMover.DeadLetter;
import io.weir.sources.DeadLetterMover.Republish;
import io.weir.sources.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a dead letter is published again: where to, and with which headers. The built-in broker's
 * {@code weir.dlq.*} headers are dropped (as its own replay does: a replayed message is no longer a
 * dead letter); every replayed message gains {@code weir.replay.job}, {@code weir.replay.time} and
 * {@code weir.replay.by}, so consumers and operators can tell a replay from a first delivery.
 */
final class Republishing {

    static final String JOB = "weir.replay.job";
    static final String TIME = "weir.replay.time";
    static final String BY = "weir.replay.by";
    private static final String BUILTIN_DEAD_LETTER = "weir.dlq.";
    /** RabbitMQ's name of the queue a message was first dead-lettered from. */
    private static final String RABBIT_FIRST_DEATH_QUEUE = "x-first-death-queue";

    private Republishing() {
    }

    /** Where a message goes: the chosen destination, else the original one its headers name (partition too, for logs). */
    record Target(String destination, Integer partition) {
    }

    static Optional<Target> target(BrowsedMessage message, String chosen) {
        if (chosen != null) {
            return Optional.of(new Target(chosen, null));
        }
        Optional<Target> origin = message.deadLetter().filter(o -> o.destination() != null)
                .map(o -> new Target(o.destination(), o.partition()));
        if (origin.isPresent()) {
            return origin;
        }
        return message.headers().stream().filter(h -> h.name().equals(RABBIT_FIRST_DEATH_QUEUE)).findFirst()
                .map(h -> new Target(h.text(), null));
    }

    static Republish republish(DeadLetter letter, Target target, ReplayRequest.Edit edit, String jobId, String by,
            Instant now) {
        StoredMessage stored = letter.message();
        List<StoredMessage.Header> headers = new ArrayList<>();
        if (edit != null && edit.headers() != null) {
            edit.headers().forEach((name, value) -> headers.add(header(name, value)));
        } else {
            stored.headers().stream().filter(h -> !h.name().startsWith(BUILTIN_DEAD_LETTER)).forEach(headers::add);
        }
        headers.removeIf(h -> h.name().equals(JOB) || h.name().equals(TIME) || h.name().equals(BY));
        headers.add(header(JOB, jobId));
        headers.add(header(TIME, now.toString()));
        headers.add(header(BY, by));
        byte[] value = edit != null && edit.value() != null ? edit.value().getBytes(StandardCharsets.UTF_8) : stored.value();
        return new Republish(letter, target.destination(), target.partition(), headers, value);
    }

    private static StoredMessage.Header header(String name, String value) {
        return new StoredMessage.Header(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
