package io.weir.sources;

import java.util.List;
import java.util.Map;

/**
 * The write side of dead-letter replay for one source: takes dead letters from a queue in order,
 * publishes them elsewhere with the broker's confirmation, and then settles them. Obtained
 * through {@link SourceRegistry#deadLetterMover(String)}; creating one connects to nothing.
 *
 * <p>Two shapes of queue hide behind it. Logs (Kafka, the built-in broker) keep their messages:
 * a pass reads from a position the caller saved, and settling only advances what the broker
 * keeps of it (the built-in group's replay position). Queues (RabbitMQ) hand messages out: a pass
 * consumes with manual acknowledgements, and settling acknowledges, which removes them.
 */
public interface DeadLetterMover extends AutoCloseable {

    /** True when settling removes dead letters from the queue (RabbitMQ), false for logs. */
    boolean removesSettled();

    /**
     * Opens a pass over the queue. A log pass reads from {@code position} (per partition the next
     * offset; a partition not named starts at its oldest message) up to the end offsets of now; a
     * queue pass takes at most the number of messages the queue holds now and ignores the position.
     *
     * @param holding the most dead letters the caller holds taken and not yet settled at a time: a
     *     queue has the broker send no more than that ahead, which bounds the memory a pass takes
     * @throws UnknownQueueException if the source has no such queue
     */
    Pass open(String queue, Map<Integer, Long> position, int holding) throws SourceUnavailableException, InterruptedException;

    /** Releases connections kept between passes; never throws. */
    @Override
    void close();

    /**
     * A dead letter taken by a pass.
     *
     * @param messageId the broker's or producer's message ID where there is one (built-in, RabbitMQ
     *     {@code message_id}), else {@code null}
     */
    record DeadLetter(StoredMessage message, String messageId) {
    }

    /**
     * Where and how to publish one dead letter again. The broker keeps its key, message ID,
     * timestamp and properties; {@code headers} replaces its headers (the caller has already
     * added or removed what it wanted), {@code value} its payload.
     *
     * @param destination the topic or queue to publish to
     * @param partition the partition for logs, or {@code null} to route by key
     */
    record Republish(DeadLetter letter, String destination, Integer partition, List<StoredMessage.Header> headers,
            byte[] value) {
    }

    /** The broker's confirmation of one {@link Pass#publish}. */
    interface Confirmation {

        /** Already confirmed: what a broker that stores before it answers gives. */
        Confirmation CONFIRMED = () -> { };

        /**
         * Returns once the broker confirmed every message of the publish as stored.
         *
         * @throws SourceUnavailableException if any is not confirmed; some may have been stored
         */
        void await() throws SourceUnavailableException, InterruptedException;
    }

    /** One pass over a queue. Used by one thread; close it when done. */
    interface Pass extends AutoCloseable {

        /** The next dead letters in order, at most {@code max}; empty once the pass has taken all it may. */
        List<DeadLetter> next(int max) throws SourceUnavailableException, InterruptedException;

        /**
         * Publishes every message and returns once they are handed to the broker, without waiting
         * for its confirmation: the caller takes the next batch while the broker stores this one,
         * and awaits the returned confirmation before it settles (Kafka: idempotent producer with
         * {@code acks=all}; RabbitMQ: publisher confirms, mandatory; built-in: durable under the
         * topic's flush policy, already when this returns).
         *
         * @throws SourceUnavailableException if the broker refused a message; some may have been stored
         */
        Confirmation publish(List<Republish> messages) throws SourceUnavailableException, InterruptedException;

        /** Settles dead letters that were published (or are known to have been): see {@link #removesSettled()}. */
        void settle(List<DeadLetter> letters) throws SourceUnavailableException, InterruptedException;

        /**
         * Leaves dead letters the caller does not replay where they are. A log has nothing to do;
         * a queue publishes them to its own tail with confirmation, then acknowledges the taken copy,
         * so one pass never takes the same message twice.
         */
        void passOver(List<DeadLetter> letters) throws SourceUnavailableException, InterruptedException;

        /** How many messages the pass may still take, as far as the broker said at open. */
        long remaining();

        /** Where a later pass over a log continues: per partition the next offset. Empty for queues. */
        Map<Integer, Long> position();

        /** Gives back what the pass took and did not settle (RabbitMQ requeues it); never throws. */
        @Override
        void close();
    }
}
