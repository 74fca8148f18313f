package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicDescription;
import io.weir.broker.UnknownGroupException;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.log.LogRecord;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import io.weir.sources.UnknownQueueException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Replays the built-in broker's dead letters through {@link Broker#republish}, which keeps their
 * message IDs past the dedup window, and settles them with {@link Broker#markReplayed}, so the
 * group's dead-letter count falls as the broker's own replay would make it.
 */
final class BuiltinDeadLetterMover implements DeadLetterMover {

    private static final String ORIGINAL_TOPIC = "weir.dlq.topic";
    private static final String ORIGINAL_GROUP = "weir.dlq.group";

    private final SourceSettings settings;
    private final Supplier<Optional<Broker>> broker;

    BuiltinDeadLetterMover(SourceSettings settings, Supplier<Optional<Broker>> broker) {
        this.settings = settings;
        this.broker = broker;
    }

    @Override
    public boolean removesSettled() {
        return false;
    }

    @Override
    public Pass open(String queue, Map<Integer, Long> position, int holding) throws SourceUnavailableException {
        Broker running = broker.get().orElseThrow(() -> new SourceUnavailableException("the built-in broker is not running"));
        try {
            TopicDescription topic = running.describeTopic(queue);
            Map<Integer, Long> next = new TreeMap<>();
            Map<Integer, Long> ends = new TreeMap<>();
            topic.partitions().forEach(p -> {
                next.put(p.partition(), Math.max(p.startOffset(), position.getOrDefault(p.partition(), p.startOffset())));
                ends.put(p.partition(), p.endOffset());
            });
            return new BuiltinPass(running, queue, next, ends);
        } catch (UnknownTopicException e) {
            throw new UnknownQueueException(settings.name(), queue);
        }
    }

    @Override
    public void close() {
        // The broker belongs to the process that opened it.
    }

    private final class BuiltinPass implements Pass {

        private final Broker broker;
        private final String queue;
        private final Map<Integer, Long> next;
        private final Map<Integer, Long> ends;

        BuiltinPass(Broker broker, String queue, Map<Integer, Long> next, Map<Integer, Long> ends) {
            this.broker = broker;
            this.queue = queue;
            this.next = next;
            this.ends = ends;
        }

        @Override
        public List<DeadLetter> next(int max) throws SourceUnavailableException {
            List<DeadLetter> letters = new ArrayList<>();
            try {
                for (Map.Entry<Integer, Long> partition : next.entrySet()) {
                    long end = ends.get(partition.getKey());
                    while (letters.size() < max && partition.getValue() < end) {
                        int want = (int) Math.min(max - letters.size(), end - partition.getValue());
                        List<LogRecord> records = broker.read(queue, partition.getKey(), partition.getValue(), want);
                        if (records.isEmpty()) {
                            partition.setValue(end); // retention removed the rest
                            break;
                        }
                        for (LogRecord record : records) {
                            if (record.offset() >= end) {
                                break;
                            }
                            letters.add(new DeadLetter(BuiltinMessageBrowser.message(partition.getKey(), record), record.messageId()));
                            partition.setValue(record.offset() + 1);
                        }
                    }
                }
            } catch (UnknownTopicException e) {
                throw new UnknownQueueException(settings.name(), queue);
            } catch (RuntimeException e) {
                throw new SourceUnavailableException("reading " + queue + " failed: " + e.getMessage(), e);
            }
            return letters;
        }

        @Override
        public Confirmation publish(List<Republish> messages) throws SourceUnavailableException {
            for (Republish message : messages) {
                StoredMessage stored = message.letter().message();
                Map<String, String> headers = new LinkedHashMap<>();
                message.headers().forEach(h -> headers.put(h.name(), new String(h.value(), StandardCharsets.UTF_8)));
                OutgoingMessage outgoing = new OutgoingMessage(stored.key(), headers, stored.timestamp(),
                        message.letter().messageId(), message.value());
                try {
                    broker.republish(message.destination(), message.partition() == null ? -1 : message.partition(),
                            List.of(outgoing));
                } catch (UnknownTopicException e) {
                    throw new SourceUnavailableException("the destination topic " + message.destination()
                            + " does not exist on the built-in broker", e);
                } catch (RuntimeException e) {
                    throw new SourceUnavailableException("publishing to " + message.destination() + " failed: "
                            + e.getMessage(), e);
                }
            }
            return Confirmation.CONFIRMED; // the broker answers once the messages are durable
        }

        /** Advances the owning group's replay position past each letter, as the broker's own replay does. */
        @Override
        public void settle(List<DeadLetter> letters) throws SourceUnavailableException {
            Map<Integer, DeadLetter> last = new HashMap<>();
            letters.forEach(letter -> last.merge(letter.message().partition(), letter,
                    (a, b) -> a.message().offset() > b.message().offset() ? a : b));
            for (DeadLetter letter : last.values()) {
                String topic = header(letter.message(), ORIGINAL_TOPIC);
                String group = header(letter.message(), ORIGINAL_GROUP);
                if (topic == null || group == null) {
                    continue; // not one of the broker's own dead letters: no group counts it
                }
                try {
                    broker.markReplayed(topic, group, letter.message().partition(), letter.message().offset() + 1);
                } catch (UnknownTopicException | UnknownGroupException e) {
                    // The group or topic is gone: nobody counts these dead letters any more.
                } catch (RuntimeException e) {
                    throw new SourceUnavailableException("recording the replay in group " + group + " failed: "
                            + e.getMessage(), e);
                }
            }
        }

        @Override
        public void passOver(List<DeadLetter> letters) {
            // A log keeps every message; the position moves on by itself.
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
            // Nothing held.
        }
    }

    private static String header(StoredMessage message, String name) {
        return message.headers().stream().filter(h -> h.name().equals(name)).findFirst()
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).orElse(null);
    }
}
