package io.weir.sources;

import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceKind;

/**
 * Read access to one configured broker. Creating a source must not connect to anything: the first
 * connection happens in the first {@link #read()}, so a broker that is down at start-up does not
 * stop Weir from starting.
 *
 * <p>{@link #read()} is blocking and may hang on a broker that accepts connections but never
 * answers; the monitor calls it on its own thread, bounds it with the source's timeout and
 * interrupts it when the timeout passes. Implementations must therefore answer interrupts and
 * use their own network timeouts no longer than {@link SourceSettings#timeout()}. Reads of one
 * source never run concurrently with each other.
 */
public interface BrokerSource extends AutoCloseable {

    SourceSettings settings();

    default String name() {
        return settings().name();
    }

    default SourceKind kind() {
        return settings().kind();
    }

    /**
     * Reads the broker's current state: health, topics and queues, consumer groups.
     *
     * @throws SourceUnavailableException with a message for an operator when the broker cannot be read
     * @throws InterruptedException when the monitor gave up waiting
     */
    BrokerSnapshot read() throws SourceUnavailableException, InterruptedException;

    /** Releases connections; never throws. */
    @Override
    void close();
}
