package io.weir.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The timestamp a broker keeps with a message, and whose clock set it.
 *
 * @param at the timestamp, millisecond precision (seconds for RabbitMQ's timestamp property)
 * @param clock whose clock it is: a producer's clock can be wrong, so a timestamp in the future
 *     says more about that clock than about the message
 */
public record RecordTimestamp(Instant at, Clock clock) {

    /** Who stamped the message. */
    public enum Clock {
        /**
         * The producer, or the broker when the producer left it out and the broker does not say
         * which: Kafka's {@code CreateTime}, a built-in publish, RabbitMQ's {@code timestamp} property.
         */
        PRODUCER,
        /** The broker, when it appended the message: Kafka's {@code LogAppendTime}. */
        BROKER
    }

    public RecordTimestamp {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }
}
