package io.weir.sources;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Looks at the first messages of a RabbitMQ queue by taking them and putting them back: the only
 * way RabbitMQ shows a classic or quorum queue's messages. This changes the queue, which is why it
 * is apart from {@link MessageBrowser}: every peeked message comes back marked
 * {@code redelivered}, and while the peek holds them (until it answers) consumers get the messages
 * behind them, so the order consumers see can change. The number of messages stays the same.
 * Obtained through {@link SourceRegistry#queuePeek(String)}; creating one connects to nothing.
 * Thread-safe.
 */
public interface QueuePeek {

    /**
     * Takes up to {@code count} messages from the head of the queue and requeues them. Blocking, at
     * most about the source's timeout. {@code queue} is {@code vhost/name}, or a name in the
     * source's virtual host.
     *
     * @throws UnknownQueueException if there is no such queue
     * @throws PeekRefusedException if Weir could not put the messages back, or putting them back
     *     would harm them; nothing was taken then
     * @throws SourceUnavailableException if the broker cannot be reached or fails, with the reason
     */
    PeekedQueue peek(String queue, int count) throws SourceUnavailableException, InterruptedException;

    /**
     * What a peek saw.
     *
     * @param kind the queue's type as RabbitMQ names it (classic, quorum)
     * @param messages the messages in the order the queue gave them
     */
    record PeekedQueue(String vhost, String name, String kind, List<PeekedMessage> messages) {

        public PeekedQueue {
            messages = List.copyOf(messages);
        }
    }

    /**
     * One peeked message, as the management API answered it.
     *
     * @param timestamp the {@code timestamp} property, or {@code null} when the publisher set none
     * @param properties the other AMQP properties (content type, message ID, ...) as text
     * @param headers the {@code headers} table: text values as they are, other values (numbers,
     *     booleans, arrays, tables such as {@code x-death}) as JSON text
     * @param redelivered whether it had been delivered before this peek (it is after it)
     * @param messageCount messages left in the queue behind this one, as RabbitMQ counted them
     */
    record PeekedMessage(Instant timestamp, Map<String, String> properties, List<StoredMessage.Header> headers,
            byte[] payload, boolean redelivered, String exchange, String routingKey, long messageCount) {

        public PeekedMessage {
            properties = Map.copyOf(properties);
            headers = List.copyOf(headers);
        }
    }
}
