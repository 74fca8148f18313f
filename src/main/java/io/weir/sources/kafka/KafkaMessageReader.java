package io.weir.sources.kafka;

import io.weir.sources.MessageReader;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;

/**
 * One browse of one topic over its own consumer (see {@link KafkaMessageBrowser}). A read whose
 * offsets continue the previous read of a partition keeps the consumer's prefetched data; others
 * are sought afresh. Not thread-safe.
 */
final class KafkaMessageReader implements MessageReader {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<PartitionRange> partitions;
    private final SourceSettings settings;
    /** Where the consumer stands per assigned partition, as far as this reader knows. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    KafkaMessageReader(KafkaConsumer<byte[], byte[]> consumer, String topic, List<PartitionRange> partitions,
            SourceSettings settings) {
        this.consumer = consumer;
        this.topic = topic;
        this.partitions = List.copyOf(partitions);
        this.settings = settings;
    }

    @Override
    public List<PartitionRange> partitions() {
        return partitions;
    }

    @Override
    public Map<Integer, Long> offsetsAt(Instant time) throws SourceUnavailableException, InterruptedException {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(new TopicPartition(topic, p.partition()), time.toEpochMilli()));
        try {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, settings.timeout());
            Map<Integer, Long> offsets = new HashMap<>();
            for (PartitionRange p : partitions) {
                OffsetAndTimestamp at = found.get(new TopicPartition(topic, p.partition()));
                // No message at or after the time: the end, where the next one will be.
                offsets.put(p.partition(), at == null ? p.endOffset() : at.offset());
            }
            return offsets;
        } catch (InterruptException e) {
            throw new InterruptedException("reading offsets by time was interrupted");
        } catch (KafkaException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(e, settings), e);
        }
    }

    @Override
    public Batch read(Map<Integer, Span> spans) throws SourceUnavailableException, InterruptedException {
        try {
            return poll(spans);
        } catch (InterruptException e) {
            throw new InterruptedException("reading " + topic + " was interrupted");
        } catch (KafkaException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(e, settings), e);
        }
    }

    private Batch poll(Map<Integer, Span> spans) {
        Map<TopicPartition, Span> wanted = new HashMap<>();
        spans.forEach((partition, span) -> wanted.put(new TopicPartition(topic, partition), span));
        // Every partition stays assigned (see KafkaMessageBrowser#open); those not read now are paused.
        consumer.pause(consumer.assignment());
        Set<TopicPartition> waiting = new HashSet<>();
        wanted.forEach((partition, span) -> {
            if (!Long.valueOf(span.from()).equals(positions.get(partition))) {
                consumer.seek(partition, span.from());
                positions.put(partition, span.from());
            }
            if (span.from() < span.to()) {
                waiting.add(partition);
            }
        });
        consumer.resume(waiting);
        List<StoredMessage> messages = new ArrayList<>();
        Map<Integer, Long> next = new HashMap<>();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition partition : records.partitions()) {
                Span span = wanted.get(partition);
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (record.offset() >= span.from() && record.offset() < span.to()) {
                        messages.add(message(record));
                    }
                }
            }
            for (TopicPartition partition : List.copyOf(waiting)) {
                long position = consumer.position(partition);
                positions.put(partition, position);
                boolean got = records.partitions().contains(partition);
                if (got || position >= wanted.get(partition).to()) {
                    // One batch per partition and read: pausing keeps a busy partition from crowding out the others.
                    waiting.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
        }
        wanted.forEach((partition, span) -> next.put(partition.partition(),
                Math.max(span.from(), Math.min(span.to(), positions.getOrDefault(partition, span.from())))));
        return new Batch(messages, next);
    }

    private static StoredMessage message(ConsumerRecord<byte[], byte[]> record) {
        List<StoredMessage.Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new StoredMessage.Header(header.key(), header.value() == null ? new byte[0] : header.value()));
        }
        return new StoredMessage(record.partition(), record.offset(), Instant.ofEpochMilli(Math.max(0, record.timestamp())),
                record.key(), headers, record.value() == null ? new byte[0] : record.value());
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            // Closing only releases connections; nothing was committed that could be lost.
        }
    }
}
