package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.UnknownTopicException;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Purges built-in broker topics through {@link Broker#purgeTopic}: every stored message up to the
 * end is deleted durably, and a dead-letter topic's owning group has no pending dead letters after.
 * Counts are the partitions' end minus start offsets.
 */
final class BuiltinQueuePurger implements QueuePurger {

    private final String source;
    private final Supplier<Optional<Broker>> broker;

    BuiltinQueuePurger(String source, Supplier<Optional<Broker>> broker) {
        this.source = source;
        this.broker = broker;
    }

    @Override
    public long count(String queue) throws SourceUnavailableException {
        return stored(broker(), queue);
    }

    @Override
    public PurgeCount purge(String queue) throws SourceUnavailableException {
        Broker b = broker();
        long before = stored(b, queue);
        try {
            b.purgeTopic(queue);
        } catch (UnknownTopicException e) {
            throw new UnknownQueueException(source, queue);
        } catch (IOException | RuntimeException e) {
            throw new SourceUnavailableException("the built-in broker could not purge " + queue + ": " + e.getMessage(), e);
        }
        return new PurgeCount(before, stored(b, queue));
    }

    private long stored(Broker b, String queue) throws UnknownQueueException {
        try {
            return b.describeTopic(queue).partitions().stream()
                    .mapToLong(p -> p.endOffset() - p.startOffset()).sum();
        } catch (UnknownTopicException | IllegalArgumentException e) {
            throw new UnknownQueueException(source, queue);
        }
    }

    private Broker broker() throws SourceUnavailableException {
        return broker.get().orElseThrow(() -> new SourceUnavailableException(
                "the built-in broker is not running (weir.broker.enabled=false)"));
    }

    @Override
    public void close() {
        // The broker belongs to the process, not to this view of it.
    }
}
