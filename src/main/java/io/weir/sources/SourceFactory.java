package io.weir.sources;

import io.weir.core.SourceKind;
import java.util.Optional;

/**
 * Builds the sources of one kind; each kind's package has one, as a CDI bean, so the registry
 * knows no kind by name. Building a source must connect to nothing (see {@link BrokerSource}).
 */
public interface SourceFactory {

    SourceKind kind();

    /** A source for validated settings of this factory's kind. */
    BrokerSource create(SourceSettings settings);

    /**
     * A source to watch when none of this kind is configured, e.g. the built-in broker of this
     * process; empty by default.
     */
    default Optional<BrokerSource> unconfigured() {
        return Optional.empty();
    }

    /**
     * The write side of the groups of a source of this kind, for offset resets; empty for kinds
     * whose groups have no offsets (RabbitMQ). Building it must connect to nothing.
     */
    default Optional<GroupOffsets> groupOffsets(SourceSettings settings) {
        return Optional.empty();
    }

    /**
     * A browser of the stored messages of the source with these settings, empty for kinds that
     * cannot read messages without changing the queue; empty by default. Connects to nothing.
     */
    default Optional<MessageBrowser> messageBrowser(SourceSettings settings) {
        return Optional.empty();
    }

    /**
     * The write side of dead-letter replay for a source of this kind with these settings; empty
     * by default. Connects to nothing until used.
     */
    default Optional<DeadLetterMover> deadLetterMover(SourceSettings settings) {
        return Optional.empty();
    }

    /**
     * The queue peek of the source with these settings, for kinds whose queues can only be looked
     * at by taking and requeueing (RabbitMQ); empty by default. Connects to nothing.
     */
    default Optional<QueuePeek> queuePeek(SourceSettings settings) {
        return Optional.empty();
    }

    /**
     * The write side that empties a topic or queue of the source with these settings; empty by
     * default. Building it must connect to nothing.
     */
    default Optional<QueuePurger> queuePurger(SourceSettings settings) {
        return Optional.empty();
    }
}
