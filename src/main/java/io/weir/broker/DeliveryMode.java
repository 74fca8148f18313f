package io.weir.broker;

/** How a consumer group divides a topic's messages among its consumers. */
public enum DeliveryMode {

    /**
     * Kafka-like: each partition belongs to one consumer of the group at a time, which reads it in
     * order and commits offsets. Per-key order holds; parallelism is bounded by the partition count.
     */
    ORDERED,

    /**
     * RabbitMQ/SQS-like: messages are handed out one by one to any consumer of the group and
     * acknowledged individually; unacknowledged ones come back after the visibility timeout or a
     * nack. Order is not preserved once a message is redelivered.
     */
    SHARED
}
