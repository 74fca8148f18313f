package io.weir.core;

import java.util.List;
import java.util.Map;

/**
 * The settings of a broker's topics, queues, groups and consumers that decide whether messages
 * survive a crash, are delivered twice or pile up: what the reliability advisor checks. Values
 * are the broker's own words, as strings, under these keys (a key is absent when the broker did
 * not say):
 * <ul>
 * <li>Kafka topics: the effective topic configurations {@code min.insync.replicas},
 *     {@code unclean.leader.election.enable}, {@code retention.ms}, {@code cleanup.policy}</li>
 * <li>RabbitMQ queues: {@code durable} ({@code true}/{@code false}), {@code type}
 *     ({@code classic}, {@code quorum}, {@code stream}), and from the queue's arguments or, without
 *     one, its policy: {@code dead-letter-exchange}, {@code max-length}, {@code max-length-bytes},
 *     {@code overflow}, {@code queue-mode}, {@code ha-mode} (classic mirroring); and
 *     {@code redeliver-rate}, redeliveries per second over the broker's recent window</li>
 * <li>Built-in topics: {@code flush-policy}, {@code dedup-max-ids}, {@code dedup-window} (ISO-8601
 *     duration), {@code max-messages}, {@code max-bytes}; built-in groups: {@code mode}
 *     ({@code ordered}, {@code shared}), {@code max-attempts}</li>
 * </ul>
 *
 * @param queues settings per topic or queue, by {@link QueueSnapshot#qualifiedName()}
 * @param groups settings per consumer group, by group id
 * @param consumers the consumers attached to queues (RabbitMQ); may be older than the snapshot,
 *     since reading them costs the broker more (see the source)
 */
public record ObjectSettings(Map<String, Map<String, String>> queues, Map<String, Map<String, String>> groups,
        List<ConsumerSettings> consumers) {

    public static final ObjectSettings NONE = new ObjectSettings(Map.of(), Map.of(), List.of());

    public ObjectSettings {
        queues = Map.copyOf(queues);
        groups = Map.copyOf(groups);
        consumers = List.copyOf(consumers);
    }

    /** The settings of one topic or queue, empty when none were read. */
    public Map<String, String> queue(String qualifiedName) {
        return queues.getOrDefault(qualifiedName, Map.of());
    }

    /** The settings of one group, empty when none were read. */
    public Map<String, String> group(String group) {
        return groups.getOrDefault(group, Map.of());
    }

    /**
     * One consumer attached to a queue.
     *
     * @param queue the queue's qualified name ({@code vhost/queue})
     * @param tag the consumer tag
     * @param channel the channel's name, e.g. {@code 127.0.0.1:5000 -> 127.0.0.1:5672 (1)}
     * @param ackRequired whether the consumer acknowledges each message (manual ack)
     * @param prefetchCount most unacknowledged messages it is sent at once, 0 for no limit
     */
    public record ConsumerSettings(String queue, String tag, String channel, boolean ackRequired, int prefetchCount) {
    }
}
