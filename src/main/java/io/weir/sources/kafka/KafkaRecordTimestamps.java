package io.weir.sources.kafka;

import io.weir.core.RecordTimestamp;
import io.weir.sources.NextRecordTimestamps;
import io.weir.sources.NextRecordTimestamps.Position;
import io.weir.sources.SourceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the timestamps of the messages at given offsets with one consumer of its own: assigned
 * partitions and seeks, no group id and no commits, so it never joins or moves the groups it looks
 * at. Created on first use and kept for the source's life; used only by the source's background
 * reader ({@link NextRecordTimestamps}), never by the poll. All positions of one partition-round
 * go in the same fetches; positions on a partition already in the round (two groups at different
 * offsets) wait for the next round. Small fetch sizes: one batch per partition is all it needs.
 *
 * <p>A message's timestamp is the producer's ({@code CreateTime}) or the broker's
 * ({@code LogAppendTime}), as the topic's {@code message.timestamp.type} says; the record
 * carries which. A seek below the log start (the message was deleted) reads the oldest message
 * left, which is the first one the group has to read. Not thread-safe.
 */
final class KafkaRecordTimestamps implements NextRecordTimestamps.Reader {

    private static final Logger LOG = Logger.getLogger(KafkaRecordTimestamps.class);

    private final SourceSettings settings;
    private KafkaConsumer<byte[], byte[]> consumer;

    KafkaRecordTimestamps(SourceSettings settings) {
        this.settings = settings;
    }

    /**
     * The timestamps of the messages at {@code positions} found within the source's timeout; the
     * others are left out. A Kafka failure ends the reading with what was found: lag in time then
     * falls back to its estimate there.
     */
    @Override
    public Map<Position, RecordTimestamp> read(List<Position> positions) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + settings.timeout().toNanos();
        Map<Position, RecordTimestamp> found = new HashMap<>();
        Map<TopicPartition, Deque<Position>> byPartition = new LinkedHashMap<>();
        for (Position position : positions) {
            byPartition.computeIfAbsent(new TopicPartition(position.topic(), position.partition()),
                    partition -> new ArrayDeque<>()).add(position);
        }
        try {
            while (!byPartition.isEmpty() && System.nanoTime() < deadlineNanos) {
                Map<TopicPartition, Position> round = new HashMap<>();
                byPartition.forEach((partition, queue) -> round.put(partition, queue.poll()));
                byPartition.values().removeIf(Deque::isEmpty);
                readRound(round, deadlineNanos, found);
            }
        } catch (InterruptException e) {
            throw new InterruptedException("reading message timestamps was interrupted");
        } catch (KafkaException e) {
            LOG.debugf("Source %s: stopped reading message timestamps: %s", settings.name(), e.toString());
        }
        return found;
    }

    private void readRound(Map<TopicPartition, Position> round, long deadlineNanos, Map<Position, RecordTimestamp> found) {
        KafkaConsumer<byte[], byte[]> client = consumer();
        client.resume(client.paused());
        client.assign(round.keySet());
        round.forEach((partition, position) -> client.seek(partition, position.offset()));
        List<TopicPartition> waiting = new ArrayList<>(round.keySet());
        while (!waiting.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            var records = client.poll(Duration.ofNanos(left));
            for (TopicPartition partition : records.partitions()) {
                Position position = round.get(partition);
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    // The fetch starts at the batch holding the offset; the consumer skips what lies before it.
                    if (record.offset() >= position.offset() && waiting.remove(partition)) {
                        // Messages of the old format (before Kafka 0.10) have no timestamp: -1.
                        if (record.timestamp() >= 0) {
                            found.put(position, timestamp(record));
                        }
                        client.pause(List.of(partition));
                        break;
                    }
                }
            }
        }
    }

    private static RecordTimestamp timestamp(ConsumerRecord<?, ?> record) {
        return new RecordTimestamp(Instant.ofEpochMilli(record.timestamp()),
                record.timestampType() == TimestampType.LOG_APPEND_TIME ? RecordTimestamp.Clock.BROKER
                        : RecordTimestamp.Clock.PRODUCER);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private Properties properties() {
        Properties props = KafkaSource.clientProperties(settings, "weir-" + settings.name() + "-timestamps");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        // One batch per partition is all a timestamp needs; the broker still sends a larger first batch whole.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        // Every position has a message (lag > 0), so a fetch never needs to wait for data. What does
        // wait is the fetch the consumer sends ahead at the end of each poll, for offsets past the
        // ones just read: the next round's fetch queues behind it, for this long.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return props;
    }

    /** Closes the consumer; never throws. */
    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debugf("Source %s: the timestamp consumer did not close cleanly: %s", settings.name(), e.toString());
            }
            consumer = null;
        }
    }
}
