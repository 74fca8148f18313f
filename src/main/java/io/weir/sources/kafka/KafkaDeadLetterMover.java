package io.weir.sources.kafka;

import io.weir.sources.DeadLetterMover;
import io.weir.sources.MessageReader;
import io.weir.sources.MessageReader.Span;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays Kafka dead letters: reads them with the browser's group-less consumer and publishes
 * with one idempotent producer ({@code acks=all}, so a confirmed record is on every in-sync
 * replica and a retried send is never written twice). Kafka topics are not deleted from:
 * settling does nothing, the caller keeps the position.
 */
final class KafkaDeadLetterMover implements DeadLetterMover {

    private final SourceSettings settings;
    private final KafkaMessageBrowser browser;
    private KafkaProducer<byte[], byte[]> producer;

    KafkaDeadLetterMover(SourceSettings settings) {
        this.settings = settings;
        this.browser = new KafkaMessageBrowser(settings);
    }

    @Override
    public boolean removesSettled() {
        return false;
    }

    @Override
    public Pass open(String queue, Map<Integer, Long> position, int holding) throws SourceUnavailableException, InterruptedException {
        MessageReader reader = browser.open(queue);
        Map<Integer, Long> next = new TreeMap<>();
        Map<Integer, Long> ends = new TreeMap<>();
        reader.partitions().forEach(p -> {
            next.put(p.partition(), Math.max(p.startOffset(), position.getOrDefault(p.partition(), p.startOffset())));
            ends.put(p.partition(), p.endOffset());
        });
        return new KafkaPass(reader, next, ends);
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = KafkaSource.clientProperties(settings, "weir-" + settings.name() + "-replay");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            int timeoutMs = (int) settings.timeout().toMillis();
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            // delivery.timeout.ms must cover linger and request timeout.
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + 5 + timeoutMs);
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }

    private final class KafkaPass implements Pass {

        private final MessageReader reader;
        private final Map<Integer, Long> next;
        private final Map<Integer, Long> ends;
        /** Read but not yet handed out: a read brings a few hundred per partition. */
        private final Deque<StoredMessage> buffered = new ArrayDeque<>();

        KafkaPass(MessageReader reader, Map<Integer, Long> next, Map<Integer, Long> ends) {
            this.reader = reader;
            this.next = next;
            this.ends = ends;
        }

        @Override
        public List<DeadLetter> next(int max) throws SourceUnavailableException, InterruptedException {
            if (buffered.isEmpty()) {
                Map<Integer, Span> spans = new TreeMap<>();
                readPositions().forEach((partition, from) -> {
                    if (from < ends.get(partition)) {
                        spans.put(partition, new Span(from, ends.get(partition)));
                    }
                });
                if (!spans.isEmpty()) {
                    MessageReader.Batch batch = reader.read(spans);
                    batch.messages().stream().filter(m -> m.offset() < ends.get(m.partition())).forEach(buffered::add);
                    // Past gaps (transaction markers, compacted records) even when nothing was handed out.
                    batch.nextOffsets().forEach((partition, offset) -> skipTo(partition, offset));
                }
            }
            List<DeadLetter> letters = new ArrayList<>();
            while (letters.size() < max && !buffered.isEmpty()) {
                StoredMessage message = buffered.poll();
                letters.add(new DeadLetter(message, null));
                next.put(message.partition(), message.offset() + 1);
            }
            return letters;
        }

        /** Where the next read of each partition starts: after what is buffered. */
        private Map<Integer, Long> readPositions() {
            Map<Integer, Long> from = new TreeMap<>(next);
            buffered.forEach(m -> from.merge(m.partition(), m.offset() + 1, Math::max));
            return from;
        }

        private void skipTo(int partition, long offset) {
            boolean buffering = buffered.stream().anyMatch(m -> m.partition() == partition);
            if (!buffering) {
                next.merge(partition, Math.min(offset, ends.get(partition)), Math::max);
            }
        }

        @Override
        public Confirmation publish(List<Republish> messages) throws SourceUnavailableException, InterruptedException {
            List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
            try {
                KafkaProducer<byte[], byte[]> client = producer();
                for (Republish message : messages) {
                    StoredMessage stored = message.letter().message();
                    List<org.apache.kafka.common.header.Header> headers = message.headers().stream()
                            .map(h -> (org.apache.kafka.common.header.Header) new RecordHeader(h.name(), h.value())).toList();
                    sent.add(client.send(new ProducerRecord<>(message.destination(), message.partition(),
                            stored.timestamp().toEpochMilli(), stored.key(), message.value(), headers)));
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                throw new InterruptedException("publishing was interrupted");
            } catch (KafkaException e) {
                throw new SourceUnavailableException(KafkaErrors.describe(e, settings), e);
            }
            // linger.ms sends the last records without a flush, which would wait for them here.
            return () -> awaitAll(sent);
        }

        private void awaitAll(List<Future<RecordMetadata>> sent) throws SourceUnavailableException, InterruptedException {
            try {
                long deadline = System.nanoTime() + settings.timeout().toNanos() * 2;
                for (Future<RecordMetadata> future : sent) {
                    future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException e) {
                throw new SourceUnavailableException("Kafka did not confirm a replayed record: "
                        + KafkaErrors.describe(e.getCause(), settings), e.getCause());
            } catch (TimeoutException e) {
                throw new SourceUnavailableException("Kafka did not confirm the replayed records within "
                        + settings.timeout().multipliedBy(2).toSeconds() + " s", e);
            }
        }

        @Override
        public void settle(List<DeadLetter> letters) {
            // Kafka keeps its records; the caller records how far the replay got.
        }

        @Override
        public void passOver(List<DeadLetter> letters) {
            // Likewise: records not replayed stay where they are.
        }

        @Override
        public long remaining() {
            return next.entrySet().stream().mapToLong(e -> Math.max(0, ends.get(e.getKey()) - e.getValue())).sum();
        }

        @Override
        public Map<Integer, Long> position() {
            return Map.copyOf(next);
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
