package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.TopicDescription;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.log.LogRecord;
import io.weir.sources.MessageBrowser;
import io.weir.sources.MessageReader;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import io.weir.sources.UnknownQueueException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Browses the built-in broker's topics by reading their partition logs through
 * {@link Broker#read}, which no consumer group sees.
 */
public final class BuiltinMessageBrowser implements MessageBrowser {

    /** Messages per partition and read: a few hundred, as a Kafka fetch would bring. */
    private static final int READ_BATCH = 500;

    private final SourceSettings settings;
    private final Supplier<Optional<Broker>> broker;

    /** @param broker the running broker, empty while it is not open */
    public BuiltinMessageBrowser(SourceSettings settings, Supplier<Optional<Broker>> broker) {
        this.settings = settings;
        this.broker = broker;
    }

    @Override
    public MessageReader open(String queue) throws SourceUnavailableException {
        Broker running = running();
        try {
            TopicDescription topic = running.describeTopic(queue);
            List<MessageReader.PartitionRange> partitions = topic.partitions().stream()
                    .map(p -> new MessageReader.PartitionRange(p.partition(), p.startOffset(), p.endOffset()))
                    .toList();
            return new Reader(running, queue, partitions);
        } catch (UnknownTopicException e) {
            throw new UnknownQueueException(settings.name(), queue);
        }
    }

    private Broker running() throws SourceUnavailableException {
        return broker.get().orElseThrow(() -> new SourceUnavailableException("the built-in broker is not running"));
    }

    @Override
    public void close() {
        // The broker belongs to the process that opened it.
    }

    private final class Reader implements MessageReader {

        private final Broker broker;
        private final String topic;
        private final List<PartitionRange> partitions;

        Reader(Broker broker, String topic, List<PartitionRange> partitions) {
            this.broker = broker;
            this.topic = topic;
            this.partitions = partitions;
        }

        @Override
        public List<PartitionRange> partitions() {
            return partitions;
        }

        @Override
        public Map<Integer, Long> offsetsAt(Instant time) throws SourceUnavailableException {
            Map<Integer, Long> offsets = new HashMap<>();
            try {
                for (PartitionRange p : partitions) {
                    offsets.put(p.partition(), broker.offsetAt(topic, p.partition(), time));
                }
            } catch (UnknownTopicException e) {
                throw new UnknownQueueException(settings.name(), topic);
            }
            return offsets;
        }

        @Override
        public Batch read(Map<Integer, Span> spans) throws SourceUnavailableException {
            List<StoredMessage> messages = new ArrayList<>();
            Map<Integer, Long> next = new HashMap<>();
            try {
                for (Map.Entry<Integer, Span> entry : spans.entrySet()) {
                    int partition = entry.getKey();
                    Span span = entry.getValue();
                    long position = span.from();
                    int max = (int) Math.min(READ_BATCH, Math.max(1, span.to() - span.from()));
                    for (LogRecord record : broker.read(topic, partition, span.from(), max)) {
                        if (record.offset() >= span.to()) {
                            break;
                        }
                        messages.add(message(partition, record));
                        position = record.offset() + 1;
                    }
                    next.put(partition, Math.max(position, span.from()));
                }
            } catch (UnknownTopicException e) {
                throw new UnknownQueueException(settings.name(), topic);
            } catch (RuntimeException e) {
                throw new SourceUnavailableException("reading " + topic + " failed: " + e.getMessage(), e);
            }
            return new Batch(messages, next);
        }

        @Override
        public void close() {
            // Nothing held: every read goes to the log.
        }
    }

    /** The browser's view of a stored record: headers as UTF-8 bytes, as a Kafka reader gives them. */
    static StoredMessage message(int partition, LogRecord record) {
        List<StoredMessage.Header> headers = new ArrayList<>(record.headers().size());
        record.headers().forEach((name, value) -> headers.add(new StoredMessage.Header(name, value.getBytes(StandardCharsets.UTF_8))));
        return new StoredMessage(partition, record.offset(), record.timestamp(), record.key(), headers, record.value());
    }
}
