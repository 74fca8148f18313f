package io.weir.operations.browse;

import java.util.Map;

/**
 * A message a RabbitMQ peek saw, in the browser's model ({@code message}: partition 0, offset = its
 * place from the head of the queue, timestamp = its {@code timestamp} property or the peek's time)
 * with what only RabbitMQ says about it.
 *
 * @param redelivered whether it had been delivered before the peek; after the peek it always is
 * @param properties AMQP properties other than headers and timestamp, as text
 * @param messageCount messages behind it in the queue, as RabbitMQ counted them
 * @param stampedByPublisher whether the timestamp is the publisher's (false: the time of the peek)
 */
public record PeekedMessage(BrowsedMessage message, boolean redelivered, String exchange, String routingKey,
        Map<String, String> properties, long messageCount, boolean stampedByPublisher) {

    public PeekedMessage {
        properties = Map.copyOf(properties);
    }
}
