package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.LongString;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import io.weir.sources.UnknownQueueException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays RabbitMQ dead letters over AMQP 0-9-1: consumes the dead-letter queue with manual
 * acknowledgements, publishes each message with publisher confirms and {@code mandatory} (an
 * unroutable message is an error, not a silent drop) through the default exchange to the
 * destination queue, and acknowledges the dead letter only after the confirm. A crash between the
 * two leaves the dead letter in its queue, to be replayed again: a duplicate, never a loss.
 * Messages keep their properties (message ID, timestamp, headers including {@code x-death}).
 *
 * <p>The AMQP port is the source's property {@code amqp-port} (default 5672) on the management
 * URL's host, with the source's user, password and virtual host.
 */
final class RabbitDeadLetterMover implements DeadLetterMover {

    static final String AMQP_PORT = "amqp-port";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceSettings settings;
    private final Map<String, Connection> connections = new HashMap<>();

    RabbitDeadLetterMover(SourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean removesSettled() {
        return true;
    }

    /** @param queue a name in the source's virtual host, or {@code vhost/name} as the snapshots qualify it */
    @Override
    public Pass open(String queue, Map<Integer, Long> position, int holding) throws SourceUnavailableException, InterruptedException {
        RabbitQueueName name = RabbitQueueName.parse(queue, settings.vhost());
        Channel consume = null;
        Channel publish = null;
        try {
            Connection open = connection(name.vhost());
            consume = open.createChannel();
            long count;
            try {
                count = consume.queueDeclarePassive(name.name()).getMessageCount();
            } catch (IOException e) {
                throw new UnknownQueueException(settings.name(), queue);
            }
            publish = open.createChannel();
            publish.confirmSelect();
            return new RabbitPass(name, consume, publish, count, holding);
        } catch (IOException | TimeoutException e) {
            closeQuietly(consume);
            closeQuietly(publish);
            throw unavailable("opening " + queue, e);
        } catch (SourceUnavailableException | RuntimeException e) {
            closeQuietly(consume);
            closeQuietly(publish);
            throw e;
        }
    }

    /** One connection per virtual host, kept between passes: a dead letter goes back within its own vhost. */
    private synchronized Connection connection(String vhost) throws IOException, TimeoutException {
        Connection connection = connections.get(vhost);
        if (connection == null || !connection.isOpen()) {
            URI management = URI.create(settings.address());
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(management.getHost());
            factory.setPort(Integer.parseInt(settings.clientProperties().getOrDefault(AMQP_PORT, "5672")));
            factory.setUsername(settings.username().orElse("guest"));
            factory.setPassword(settings.password().orElse(""));
            factory.setVirtualHost(vhost);
            factory.setConnectionTimeout((int) settings.timeout().toMillis());
            factory.setHandshakeTimeout((int) settings.timeout().toMillis());
            factory.setAutomaticRecoveryEnabled(false); // a pass that lost its channel fails and is resumed
            connection = factory.newConnection("weir-" + settings.name() + "-replay");
            connections.put(vhost, connection);
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        for (Connection connection : connections.values()) {
            try {
                connection.close((int) settings.timeout().toMillis());
            } catch (IOException | RuntimeException e) {
                // Closing a broken connection: nothing left to release.
            }
        }
        connections.clear();
    }

    private SourceUnavailableException unavailable(String what, Exception e) {
        return new SourceUnavailableException(what + " on RabbitMQ " + settings.address() + " failed: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                // The connection went away with it.
            }
        }
    }

    private final class RabbitPass implements Pass {

        private final String vhost;
        private final String queue;
        private final Channel consume;
        private final Channel publish;
        private final BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
        /** Taken and not yet settled, by the sequence number the pass gave them. */
        private final Map<Long, Delivery> taken = new HashMap<>();
        private final AtomicReference<String> returned = new AtomicReference<>();
        private final PublisherConfirms confirms = new PublisherConfirms();
        private final int holding;
        private long left;
        private long sequence;
        private String consumerTag;

        RabbitPass(RabbitQueueName name, Channel consume, Channel publish, long count, int holding) {
            this.vhost = name.vhost();
            this.queue = name.name();
            this.holding = holding;
            this.consume = consume;
            this.publish = publish;
            this.left = count;
            publish.addReturnListener(r -> returned.compareAndSet(null, "RabbitMQ could not route the message to queue "
                    + r.getRoutingKey() + " (" + r.getReplyText() + "): the queue does not exist"));
            publish.addConfirmListener(confirms::acked, confirms::nacked);
            publish.addShutdownListener(cause -> confirms.closed("the publishing channel closed: " + cause.getMessage()));
        }

        @Override
        public List<DeadLetter> next(int max) throws SourceUnavailableException, InterruptedException {
            List<DeadLetter> letters = new ArrayList<>();
            if (left <= 0) {
                return letters;
            }
            try {
                if (consumerTag == null) {
                    // Prefetch bounds what a crash hands back (and what a cancelled pass requeues).
                    // Deliveries the caller holds count against the prefetch: a smaller one would stall the pass.
                    consume.basicQos(Math.max(holding, max));
                    consumerTag = consume.basicConsume(queue, false, (tag, delivery) -> arrived.add(delivery), tag -> { });
                }
            } catch (IOException e) {
                throw unavailable("consuming " + queue, e);
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            while (letters.size() < max && left > 0) {
                Delivery delivery = letters.isEmpty()
                        ? arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        : arrived.poll();
                if (delivery == null) {
                    if (!consume.isOpen()) {
                        throw new SourceUnavailableException("the channel consuming " + queue + " closed: "
                                + consume.getCloseReason().getMessage());
                    }
                    break;
                }
                long number = sequence++;
                left--;
                taken.put(number, delivery);
                letters.add(new DeadLetter(stored(number, delivery), delivery.getProperties().getMessageId()));
            }
            return letters;
        }

        @Override
        public Confirmation publish(List<Republish> messages) throws SourceUnavailableException {
            for (Republish message : messages) {
                Delivery delivery = delivery(message.letter());
                AMQP.BasicProperties properties = delivery.getProperties().builder()
                        .headers(headers(delivery.getProperties().getHeaders(), message.letter().message().headers(),
                                message.headers())).build();
                RabbitQueueName destination = RabbitQueueName.parse(message.destination(), Optional.of(vhost));
                if (!destination.vhost().equals(vhost)) {
                    throw new SourceUnavailableException("a replay publishes within the dead-letter queue's virtual host " + vhost
                            + ", not to " + message.destination());
                }
                send(destination.name(), properties, message.value());
            }
            long last = publish.getNextPublishSeqNo() - 1;
            return () -> confirm(last);
        }

        /**
         * Acknowledges the letters: with one {@code multiple} acknowledgement when they are every
         * delivery still taken up to the last of them (the usual whole batch), else one by one.
         */
        @Override
        public void settle(List<DeadLetter> letters) throws SourceUnavailableException {
            if (letters.isEmpty()) {
                return;
            }
            Set<Long> settling = new HashSet<>();
            long last = -1;
            for (DeadLetter letter : letters) {
                settling.add(letter.message().offset());
                last = Math.max(last, delivery(letter).getEnvelope().getDeliveryTag());
            }
            long upTo = last;
            boolean all = taken.entrySet().stream()
                    .allMatch(e -> settling.contains(e.getKey()) || e.getValue().getEnvelope().getDeliveryTag() > upTo);
            try {
                if (all) {
                    consume.basicAck(last, true);
                } else {
                    for (DeadLetter letter : letters) {
                        consume.basicAck(delivery(letter).getEnvelope().getDeliveryTag(), false);
                    }
                }
            } catch (IOException e) {
                throw unavailable("acknowledging dead letters of " + queue, e);
            }
            settling.forEach(taken::remove);
        }

        @Override
        public void passOver(List<DeadLetter> letters) throws SourceUnavailableException, InterruptedException {
            if (letters.isEmpty()) {
                return; // and not wait for the confirms of batches in flight
            }
            for (DeadLetter letter : letters) {
                Delivery delivery = delivery(letter);
                send(queue, delivery.getProperties(), delivery.getBody());
            }
            confirm(publish.getNextPublishSeqNo() - 1);
            settle(letters);
        }

        private void send(String destination, AMQP.BasicProperties properties, byte[] body) throws SourceUnavailableException {
            try {
                confirms.sent(publish.getNextPublishSeqNo());
                publish.basicPublish("", destination, true, properties, body);
            } catch (IOException e) {
                throw unavailable("publishing to " + destination, e);
            }
        }

        /** Waits until RabbitMQ confirmed every message published up to sequence number {@code last}. */
        private void confirm(long last) throws SourceUnavailableException, InterruptedException {
            long timeout = settings.timeout().toMillis() * 2;
            String failure = confirms.await(last, timeout);
            // Returns arrive before the confirm of the same message.
            String unroutable = returned.getAndSet(null);
            if (unroutable != null) {
                throw new SourceUnavailableException(unroutable);
            }
            if (failure != null) {
                throw new SourceUnavailableException(failure);
            }
        }

        private Delivery delivery(DeadLetter letter) {
            Delivery delivery = taken.get(letter.message().offset());
            if (delivery == null) {
                throw new IllegalArgumentException("dead letter " + letter.message().offset() + " was not taken by this pass");
            }
            return delivery;
        }

        @Override
        public long remaining() {
            return left;
        }

        @Override
        public Map<Integer, Long> position() {
            return Map.of();
        }

        /** Closing the channel requeues every delivery not acknowledged. */
        @Override
        public void close() {
            closeQuietly(publish);
            closeQuietly(consume);
        }
    }

    /** A delivery as the replay sees it: AMQP headers as text (tables and lists as RabbitMQ's JSON would show them). */
    static StoredMessage stored(long number, Delivery delivery) {
        AMQP.BasicProperties properties = delivery.getProperties();
        List<StoredMessage.Header> headers = new ArrayList<>();
        if (properties.getHeaders() != null) {
            properties.getHeaders().forEach((name, value) -> headers.add(new StoredMessage.Header(name, bytes(value))));
        }
        Instant timestamp = properties.getTimestamp() == null ? Instant.now() : properties.getTimestamp().toInstant();
        return new StoredMessage(0, number, timestamp, null, headers, delivery.getBody());
    }

    /**
     * The headers to publish: the original AMQP values where the replacement list keeps a header
     * as it was (so tables such as {@code x-death} keep their types), text where it set or changed one.
     * A replacement that is one of the dead letter's own {@code taken} headers is kept without
     * comparing: turning {@code x-death} into JSON again for each message was a good part of a replay.
     */
    static Map<String, Object> headers(Map<String, Object> original, List<StoredMessage.Header> taken,
            List<StoredMessage.Header> replacement) {
        Set<StoredMessage.Header> unchanged = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        unchanged.addAll(taken);
        Map<String, Object> result = new LinkedHashMap<>();
        for (StoredMessage.Header header : replacement) {
            Object before = original == null ? null : original.get(header.name());
            boolean kept = before != null && (unchanged.contains(header) || Arrays.equals(bytes(before), header.value()));
            result.put(header.name(), kept ? before : new String(header.value(), StandardCharsets.UTF_8));
        }
        return result;
    }

    /**
     * A header value as the replay and the browser read it: text as it is, tables and arrays (such
     * as {@code x-death}) as the JSON the management API shows, timestamps in epoch seconds.
     */
    static byte[] bytes(Object value) {
        if (value instanceof LongString text) {
            return text.getBytes();
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return JSON.writeValueAsBytes(plain(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a header of plain values always writes as JSON", e);
            }
        }
        return String.valueOf(plain(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static Object plain(Object value) {
        if (value instanceof LongString text) {
            return text.toString();
        }
        if (value instanceof Date date) {
            return date.getTime() / 1000;
        }
        if (value instanceof Map<?, ?> table) {
            Map<String, Object> result = new LinkedHashMap<>();
            table.forEach((k, v) -> result.put(String.valueOf(k), plain(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RabbitDeadLetterMover::plain).toList();
        }
        return value;
    }
}
