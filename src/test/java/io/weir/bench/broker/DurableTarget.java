package io.weir.bench.broker;

import java.util.List;
import java.util.function.Consumer;

/**
 * A broker the broker benchmark publishes to durably and consumes from: the built-in broker, Kafka
 * and RabbitMQ. One queue or topic per workload, so workloads do not see each other's messages.
 */
interface DurableTarget extends AutoCloseable {

    /** Publishes from one thread; {@link #publish} returns once the broker confirmed every message as durable. */
    @FunctionalInterface
    interface Publisher extends AutoCloseable {
        void publish(List<byte[]> values) throws Exception;

        /** Releases what the publisher holds of its own; most share their client and hold nothing. */
        @Override
        default void close() throws Exception {
        }
    }

    /**
     * Creates the topic or queue {@code name} and starts consuming it with {@link LoadRun#CONSUMERS}
     * threads, each handing the values it receives to {@code consumer}.
     */
    void prepare(String name, Consumer<byte[]> consumer) throws Exception;

    /** A publisher of its own for one producing thread, to the topic or queue of the last {@link #prepare}. */
    Publisher publisher() throws Exception;

    /** Stops consuming and deletes the topic or queue of the last {@link #prepare}. */
    void finish() throws Exception;
}
