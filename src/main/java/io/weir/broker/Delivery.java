package io.weir.broker;

/**
 * A message handed to a shared-mode consumer, to be settled with {@link Broker#ack} or
 * {@link Broker#nack} before the group's visibility timeout passes.
 */
public record Delivery(Receipt receipt, ConsumedMessage message) {

    /** 1 for the first delivery of this message to the group, 2 for the first redelivery, ... */
    public int attempt() {
        return receipt.attempt();
    }
}
