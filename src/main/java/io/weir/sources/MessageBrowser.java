package io.weir.sources;

/**
 * Read-only access to the stored messages of one source's topics, for browsing and searching.
 * Reading never joins, commits or moves a consumer group and never removes a message: Kafka reads
 * with an assigned consumer without a group id, the built-in broker reads its logs directly.
 * Obtained through {@link SourceRegistry#messageBrowser(String)}; kinds that cannot browse without
 * changing the queue (RabbitMQ) have none. Creating one connects to nothing. Thread-safe; each
 * {@link MessageReader} is used by one thread.
 */
public interface MessageBrowser extends AutoCloseable {

    /**
     * Opens a reader of one topic, with its partitions and their offsets as they are now. Blocking,
     * at most about the source's timeout.
     *
     * @throws UnknownQueueException if the source has no such topic
     * @throws SourceUnavailableException if the broker cannot be read, with the reason
     */
    MessageReader open(String queue) throws SourceUnavailableException, InterruptedException;

    /** Releases what the browser keeps between readers; never throws. */
    @Override
    void close();
}
