package io.weir.broker;

/**
 * A change to a consumer group's durable state: what {@link GroupStateJournal} writes and what
 * {@link GroupState#apply} replays. Each event is applied only after it is durable.
 */
sealed interface GroupEvent {

    /**
     * The group's position in the partition is {@code offset}: an ordered-mode commit, or an
     * offset reset in either mode. In shared mode it also forgets every delivery, acknowledgement
     * and attempt count of the partition: everything from {@code offset} on is new.
     */
    record Committed(int partition, long offset) implements GroupEvent {
    }

    /** Shared mode: the message was handed out for the {@code attempt}-th time. */
    record Delivered(int partition, long offset, int attempt) implements GroupEvent {
    }

    /** Shared mode: the message was acknowledged and is never delivered again. */
    record Acked(int partition, long offset) implements GroupEvent {
    }

    /** Shared mode: the consumer rejected the delivery; kept for the dead-letter headers. */
    record Nacked(int partition, long offset, String reason) implements GroupEvent {
    }

    /** Shared mode: the message was written to the dead-letter topic and is settled here. */
    record DeadLettered(int partition, long offset) implements GroupEvent {
    }

    /**
     * Ordered mode: the group has no committed offset in the partition any more (a Kafka client
     * deleted it); it resumes there as a new group would.
     */
    record Forgotten(int partition) implements GroupEvent {
    }

    /** Dead letters of the dead-letter topic's partition below {@code nextOffset} were moved back. */
    record Replayed(int deadLetterPartition, long nextOffset) implements GroupEvent {
    }
}
