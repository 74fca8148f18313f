package io.weir.operations.replay;

import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.DeadLetterOrigin;
import io.weir.operations.browse.FailureReason;
import io.weir.operations.browse.MessageBrowsing;
import io.weir.operations.browse.PeekResult;
import io.weir.operations.browse.QueuePeeking;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.DeadLetterMover.DeadLetter;
import io.weir.sources.DeadLetterMover.Pass;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Groups a dead-letter queue's messages by failure reason, so an operator reads "3 causes" rather
 * than 40,000 rows. Reads logs (Kafka, built-in) from their oldest message, at most
 * {@code weir.operations.browse.max-scan} of them, and moves nothing; a RabbitMQ queue cannot be
 * read without taking its messages, so only its count is given, unless an operator asks to peek at
 * its head ({@link #peeked}), which requeues the messages marked redelivered.
 */
@ApplicationScoped
public class DeadLetterCauses {

    private static final int READ = 1000;

    private final SourceRegistry sources;
    private final QueuePeeking peeking;
    private final long maxScan;

    @Inject
    DeadLetterCauses(SourceRegistry sources, MessageBrowsing browsing, QueuePeeking peeking) {
        this.sources = sources;
        this.peeking = peeking;
        this.maxScan = browsing.maxScan();
    }

    /**
     * @param queued messages in the queue now
     * @param scanned messages read; {@code complete} when that was all of them
     * @param grouped false for queues that cannot be read without taking messages (RabbitMQ): no causes then
     * @param causes most frequent first
     */
    public record Summary(String source, String queue, long queued, long scanned, boolean complete, boolean grouped,
            List<FailureCause> causes) {
    }

    public Summary of(String source, String queue) throws OperationException {
        if (sources.source(source).isEmpty()) {
            throw new OperationException(Kind.NOT_FOUND, "no source " + source);
        }
        DeadLetterMover mover = sources.deadLetterMover(source).orElseThrow(() -> new OperationException(Kind.INVALID,
                "source " + source + " cannot replay messages"));
        return BrokerCalls.call("reading " + queue, () -> summary(mover, source, queue));
    }

    /**
     * Groups the first {@value QueuePeeking#MAX_COUNT} messages of a queue that cannot be read
     * without taking them (RabbitMQ) by peeking: audited, and every peeked message comes back
     * marked redelivered (see {@link QueuePeeking}).
     *
     * @param hasRole the actor's roles: peeking needs the operator role
     */
    public Summary peeked(String source, String queue, Actor actor, Predicate<String> hasRole) throws OperationException {
        PeekResult peek = peeking.peek(source, queue, QueuePeeking.MAX_COUNT, actor, hasRole);
        Causes causes = new Causes();
        peek.messages().forEach(m -> causes.add(m.message()));
        long queued = peek.messages().isEmpty() ? 0 : peek.messages().get(0).messageCount() + 1;
        return new Summary(source, queue, queued, peek.messages().size(), peek.messages().size() >= queued, true,
                causes.mostFrequentFirst());
    }

    private Summary summary(DeadLetterMover mover, String source, String queue)
            throws SourceUnavailableException, InterruptedException {
        String originHeader = sources.browsePolicy(source).deadLetterOriginHeader();
        try (Pass pass = mover.open(queue, Map.of(), READ)) {
            long queued = pass.remaining();
            if (mover.removesSettled()) {
                return new Summary(source, queue, queued, 0, false, false, List.of());
            }
            Causes causes = new Causes();
            long scanned = 0;
            while (scanned < maxScan) {
                List<DeadLetter> letters = pass.next((int) Math.min(READ, maxScan - scanned));
                if (letters.isEmpty()) {
                    break;
                }
                scanned += letters.size();
                letters.forEach(letter -> causes.add(BrowsedMessage.of(letter.message(), originHeader)));
            }
            return new Summary(source, queue, queued, scanned, pass.remaining() == 0, true, causes.mostFrequentFirst());
        }
    }

    /** Dead letters counted by the group of their failure reason. */
    private static final class Causes {
        private final Map<String, Builder> byReason = new HashMap<>();

        void add(BrowsedMessage message) {
            String reason = message.deadLetter().map(DeadLetterOrigin::reason).orElse(null);
            Instant time = message.deadLetter().map(DeadLetterOrigin::time).orElse(message.timestamp());
            byReason.computeIfAbsent(FailureReason.of(reason), r -> new Builder(reason)).add(time,
                    message.deadLetter().map(DeadLetterOrigin::destination).orElse(null));
        }

        List<FailureCause> mostFrequentFirst() {
            return byReason.entrySet().stream().map(e -> e.getValue().build(e.getKey()))
                    .sorted(Comparator.comparingLong(FailureCause::count).reversed().thenComparing(FailureCause::reason))
                    .toList();
        }
    }

    private static final class Builder {
        private final String example;
        private long count;
        private Instant first;
        private Instant last;
        private final TreeSet<String> destinations = new TreeSet<>();

        Builder(String example) {
            this.example = example;
        }

        void add(Instant time, String destination) {
            count++;
            if (time != null) {
                first = first == null || time.isBefore(first) ? time : first;
                last = last == null || time.isAfter(last) ? time : last;
            }
            if (destination != null) {
                destinations.add(destination);
            }
        }

        FailureCause build(String reason) {
            return new FailureCause(reason, example == null ? FailureReason.UNKNOWN : example, count, first, last, destinations);
        }
    }
}
