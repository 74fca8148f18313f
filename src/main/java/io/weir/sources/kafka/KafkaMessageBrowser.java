package io.weir.sources.kafka;

import io.weir.sources.MessageBrowser;
import io.weir.sources.MessageReader;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Browses Kafka topics with one consumer per {@link MessageReader}: partitions assigned and
 * sought, no {@code group.id}, auto-commit off, so it never joins a group or commits an offset and
 * no group's lag changes. A consumer per reader (not one shared) keeps concurrent browses apart;
 * creating one costs a metadata round trip.
 */
final class KafkaMessageBrowser implements MessageBrowser {

    private final SourceSettings settings;

    KafkaMessageBrowser(SourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public MessageReader open(String queue) throws SourceUnavailableException, InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            Duration timeout = settings.timeout();
            List<PartitionInfo> infos = consumer.listTopics(timeout).get(queue);
            if (infos == null || infos.isEmpty()) {
                throw new UnknownQueueException(settings.name(), queue);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(queue, i.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            // Assigned before any offset lookup and never unassigned: the consumer warns about
            // answers for partitions it no longer holds. Paused until a read wants them.
            consumer.assign(partitions);
            consumer.pause(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            List<MessageReader.PartitionRange> ranges = new ArrayList<>();
            for (TopicPartition p : partitions) {
                ranges.add(new MessageReader.PartitionRange(p.partition(), starts.get(p), ends.get(p)));
            }
            return new KafkaMessageReader(consumer, queue, ranges, settings);
        } catch (InterruptException e) {
            consumer.close(Duration.ZERO);
            throw new InterruptedException("opening " + queue + " was interrupted");
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new SourceUnavailableException(KafkaErrors.describe(e, settings), e);
        } catch (SourceUnavailableException | RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    private Properties properties() {
        Properties props = KafkaSource.clientProperties(settings, "weir-" + settings.name() + "-browser");
        // No group.id: the consumer cannot join a group or commit, so browsing moves no one's offsets.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // A scan reads whole topics: fewer, larger fetches (a partition's 1 MiB default is ~1,000 messages of 1 KiB).
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return props;
    }

    @Override
    public void close() {
        // Each reader owns its consumer.
    }
}
