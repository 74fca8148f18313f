package io.weir.core;

import java.util.List;
import java.util.OptionalLong;

/**
 * A topic (Kafka, built-in broker) or a queue (RabbitMQ) as one poll saw it. Counts are
 * {@code -1} and rates {@code null} when the broker kind does not report them.
 *
 * @param name the topic or queue name
 * @param namespace the RabbitMQ virtual host, {@code null} for Kafka and the built-in broker
 * @param kind topic or queue
 * @param deadLetter whether this is a dead-letter queue or topic
 * @param partitions the topic's partitions; empty for a queue
 * @param messages backlog: for a topic, log end minus log start over all partitions; for a queue,
 *     ready plus unacknowledged
 * @param messagesReady queue messages waiting for a consumer
 * @param messagesUnacked queue messages delivered and not yet acknowledged
 * @param sizeBytes bytes held, if known
 * @param publishRate messages per second published, over the broker's own recent window
 * @param deliverRate messages per second delivered to consumers
 * @param consumers attached consumers (queues) or members of groups reading it (topics), if known
 * @param messageLimit most messages the broker lets it hold (a RabbitMQ queue's {@code max-length},
 *     a built-in topic's backlog limit), {@code -1} without one. Kafka has none: its retention
 *     deletes old messages, it never stops new ones.
 * @param oldestMessage the timestamp of the oldest ready message of a queue, {@code null} when the
 *     broker does not report it (RabbitMQ reports it only for messages published with a
 *     {@code timestamp} property); topics carry theirs per group instead
 */
public record QueueSnapshot(
        String name,
        String namespace,
        QueueKind kind,
        boolean deadLetter,
        List<PartitionSnapshot> partitions,
        long messages,
        long messagesReady,
        long messagesUnacked,
        long sizeBytes,
        Double publishRate,
        Double deliverRate,
        int consumers,
        long messageLimit,
        RecordTimestamp oldestMessage) {

    public enum QueueKind { TOPIC, QUEUE }

    /** A topic or queue without a message limit. */
    public QueueSnapshot(String name, String namespace, QueueKind kind, boolean deadLetter,
            List<PartitionSnapshot> partitions, long messages, long messagesReady, long messagesUnacked, long sizeBytes,
            Double publishRate, Double deliverRate, int consumers) {
        this(name, namespace, kind, deadLetter, partitions, messages, messagesReady, messagesUnacked, sizeBytes,
                publishRate, deliverRate, consumers, -1);
    }

    /** A topic or queue without the timestamp of its oldest message. */
    public QueueSnapshot(String name, String namespace, QueueKind kind, boolean deadLetter,
            List<PartitionSnapshot> partitions, long messages, long messagesReady, long messagesUnacked, long sizeBytes,
            Double publishRate, Double deliverRate, int consumers, long messageLimit) {
        this(name, namespace, kind, deadLetter, partitions, messages, messagesReady, messagesUnacked, sizeBytes,
                publishRate, deliverRate, consumers, messageLimit, null);
    }

    public QueueSnapshot {
        partitions = List.copyOf(partitions);
    }

    /** The message limit, empty without one. */
    public OptionalLong limit() {
        return messageLimit >= 0 ? OptionalLong.of(messageLimit) : OptionalLong.empty();
    }

    /** How people read the name: the queue alone in RabbitMQ's default vhost {@code /}, else {@code vhost/queue}. */
    public String displayName() {
        return namespace == null || namespace.equals("/") ? name : namespace + "/" + name;
    }

    /** The name with its namespace, unique within a source: {@code vhost/queue} or {@code topic}. */
    public String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
