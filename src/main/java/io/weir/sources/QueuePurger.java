package io.weir.sources;

/**
 * The write side that empties a topic or queue, for the purge operation: how many messages it
 * holds now, and deleting them all. Separate from {@link BrokerSource} and {@link MessageBrowser}
 * so that reading code cannot delete by accident; implemented next to each kind's read adapter and
 * obtained through {@link SourceRegistry#queuePurger(String)}. Creating one connects to nothing.
 *
 * <p>Every call is blocking, talks to the broker, and fails with {@link UnknownQueueException}
 * for a topic or queue that does not exist and {@link SourceUnavailableException} (a message for
 * an operator) when the broker cannot be reached or refuses. Thread-safe.
 */
public interface QueuePurger extends AutoCloseable {

    /** How many messages {@link #purge} would delete now. */
    long count(String queue) throws SourceUnavailableException, InterruptedException;

    /**
     * Deletes every message stored in the topic or queue up to now. Messages published while it
     * runs may stay. Not undoable.
     *
     * @return the count before, as the broker reported it, and the count read back after
     */
    PurgeCount purge(String queue) throws SourceUnavailableException, InterruptedException;

    /** Releases connections; never throws. */
    @Override
    void close();

    /**
     * @param before messages the broker held just before the purge
     * @param after messages it holds right after (new ones published meanwhile, or what it could not delete)
     */
    record PurgeCount(long before, long after) {
    }
}
