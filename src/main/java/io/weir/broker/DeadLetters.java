package io.weir.broker;

import io.weir.broker.log.LogRecord;
import io.weir.broker.log.Message;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Writes messages that exhausted their attempts to the group's dead-letter topic
 * {@code <topic>.<group>.dlq} (a normal topic with one partition, created on first use), and
 * replays them to their original topic. A dead letter keeps the original key, headers, message
 * ID and timestamp, and gains these headers:
 * <ul>
 * <li>{@code weir.dlq.topic}, {@code weir.dlq.partition}, {@code weir.dlq.offset}: where it was</li>
 * <li>{@code weir.dlq.group}: the group that gave up on it</li>
 * <li>{@code weir.dlq.attempts}: deliveries made</li>
 * <li>{@code weir.dlq.reason}: the last nack reason, or why it expired</li>
 * <li>{@code weir.dlq.time}: when it was dead-lettered, ISO-8601</li>
 * </ul>
 * Writing the dead letter and settling the message in the group are two durable steps; a crash
 * between them dead-letters the message again after the restart (at least once).
 */
final class DeadLetters {

    static final String PREFIX = "weir.dlq.";
    static final String TOPIC = PREFIX + "topic";
    static final String PARTITION = PREFIX + "partition";
    static final String OFFSET = PREFIX + "offset";
    static final String GROUP = PREFIX + "group";
    static final String ATTEMPTS = PREFIX + "attempts";
    static final String REASON = PREFIX + "reason";
    static final String TIME = PREFIX + "time";

    private final BiFunction<String, String, Topic> deadLetterTopics;
    private final Function<String, Topic> topics;
    private final Clock clock;

    /**
     * @param deadLetterTopics returns the dead-letter topic of a topic and group, creating it if needed
     * @param topics returns an existing topic or throws {@link UnknownTopicException}
     */
    DeadLetters(BiFunction<String, String, Topic> deadLetterTopics, Function<String, Topic> topics, Clock clock) {
        this.deadLetterTopics = deadLetterTopics;
        this.topics = topics;
        this.clock = clock;
    }

    static String topicName(String topic, String group) {
        return topic + "." + group + ".dlq";
    }

    /** Dead letters of the group not yet replayed with {@link ReplayMode#MOVE}. */
    static long pending(Group group, Topic deadLetterTopic) {
        long pending = 0;
        for (PartitionDescription p : deadLetterTopic.describe().partitions()) {
            pending += p.endOffset() - Math.max(p.startOffset(), group.replayPosition(p.partition()));
        }
        return pending;
    }

    void write(String topic, String group, int partition, LogRecord record, int attempts, String reason) {
        Map<String, String> headers = new LinkedHashMap<>(record.headers());
        headers.put(TOPIC, topic);
        headers.put(PARTITION, Integer.toString(partition));
        headers.put(OFFSET, Long.toString(record.offset()));
        headers.put(GROUP, group);
        headers.put(ATTEMPTS, Integer.toString(attempts));
        headers.put(REASON, reason);
        headers.put(TIME, clock.instant().toString());
        deadLetterTopics.apply(topic, group).append(0,
                new Message(record.timestamp(), record.key(), headers, record.messageId(), record.value()));
    }

    /**
     * Republishes up to {@code max} dead letters of {@code group} from its replay position on, each
     * to the topic and partition its headers name, without the {@code weir.dlq.*} headers and
     * stamped with the replay time (so time retention does not delete it at once). Every group of
     * the original topic sees the replayed message, as with any publish; the message ID is kept
     * and bypasses the dedup window. {@link ReplayMode#MOVE} advances the replay position past
     * them, {@link ReplayMode#COPY} leaves it.
     *
     * @return number of messages replayed
     */
    int replay(Group group, Topic deadLetterTopic, ReplayMode mode, int max) {
        int replayed = 0;
        for (int p = 0; p < deadLetterTopic.partitionCount() && replayed < max; p++) {
            List<LogRecord> records = deadLetterTopic.readFrom(p, group.replayPosition(p), max - replayed);
            for (LogRecord record : records) {
                Map<String, String> headers = new LinkedHashMap<>(record.headers());
                Topic original = topics.apply(headers.get(TOPIC));
                int partition = Integer.parseInt(headers.getOrDefault(PARTITION, "-1"));
                headers.keySet().removeIf(name -> name.startsWith(PREFIX));
                original.append(partition, new Message(clock.instant(), record.key(), headers, record.messageId(),
                        record.value()));
                replayed++;
                if (mode == ReplayMode.MOVE) {
                    group.replayed(p, record.offset() + 1);
                }
            }
        }
        return replayed;
    }
}
