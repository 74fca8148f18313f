package io.weir.operations.browse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a dead letter came from and why, decoded from the headers its dead-lettering wrote:
 * <ul>
 * <li>the built-in broker's {@code weir.dlq.topic}, {@code .partition}, {@code .offset},
 * {@code .group}, {@code .attempts}, {@code .reason}, {@code .time} (text);</li>
 * <li>Spring Kafka's {@code kafka_dlt-original-topic}, {@code -partition} (4-byte int),
 * {@code -offset} and {@code -timestamp} (8-byte longs), {@code -consumer-group} and
 * {@code kafka_dlt-exception-message} / {@code -fqcn}; its dead-letter time is the record's own timestamp;</li>
 * <li>RabbitMQ's {@code x-death} (an array of tables, newest first, one per queue and reason, each
 * with {@code queue}, {@code reason}, {@code count}, {@code exchange}, {@code routing-keys} and
 * {@code time} in seconds) and {@code x-first-death-queue} / {@code -reason} / {@code -exchange},
 * as JSON text the way the management API shows them. The origin is the first queue that
 * dead-lettered the message; its {@code x-death} entry gives the reason (rejected, expired, maxlen,
 * delivery_limit), how often it died there (attempts) and when it last did, unless Spring AMQP's
 * {@code x-exception-message} says what the consumer's error was.</li>
 * </ul>
 * Fields a header set does not carry are {@code null} (attempts {@code -1}).
 *
 * @param format {@code weir}, {@code spring-kafka} or {@code rabbitmq}
 * @param destination the topic or queue the message was first sent to
 * @param reason the last error, as the consumer reported it
 * @param time when it was dead-lettered, or {@code null}
 */
public record DeadLetterOrigin(String format, String destination, Integer partition, Long offset, String group,
        int attempts, String reason, Instant time) {

    private static final String WEIR = "weir.dlq.";
    private static final String SPRING = "kafka_dlt-";
    private static final String RABBIT_DEATHS = "x-death";
    private static final String RABBIT_FIRST = "x-first-death-";
    /** Set by Spring AMQP's republishing recoverer: the consumer's error, a better reason than "rejected". */
    private static final String SPRING_AMQP_EXCEPTION = "x-exception-message";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The origin the headers name, or empty when none of the known dead-letter headers is there.
     * {@code stored} is the dead letter's own timestamp: Spring Kafka's dead-letter time.
     */
    public static Optional<DeadLetterOrigin> of(List<BrowsedMessage.Header> headers, Instant stored) {
        return of(headers, stored, null);
    }

    /**
     * As {@link #of(List, Instant)}, and where none of the known headers is there, {@code originHeader}
     * (a source's {@code dead-letter-origin-header}, or {@code null}) names the original topic:
     * format {@code header}, the dead letter's own timestamp as its time, nothing else known.
     */
    public static Optional<DeadLetterOrigin> of(List<BrowsedMessage.Header> headers, Instant stored, String originHeader) {
        Map<String, byte[]> byName = new HashMap<>();
        headers.forEach(h -> byName.put(h.name(), h.value()));
        if (byName.containsKey(WEIR + "topic")) {
            return Optional.of(new DeadLetterOrigin("weir", text(byName, WEIR + "topic"),
                    parse(text(byName, WEIR + "partition"), Integer::valueOf), parse(text(byName, WEIR + "offset"), Long::valueOf),
                    text(byName, WEIR + "group"), Optional.ofNullable(parse(text(byName, WEIR + "attempts"), Integer::valueOf)).orElse(-1),
                    text(byName, WEIR + "reason"), parse(text(byName, WEIR + "time"), Instant::parse)));
        }
        if (byName.containsKey(SPRING + "original-topic")) {
            String exception = text(byName, SPRING + "exception-message");
            String exceptionClass = text(byName, SPRING + "exception-fqcn");
            String reason = exception == null ? exceptionClass
                    : exceptionClass == null ? exception : exceptionClass + ": " + exception;
            byte[] partition = byName.get(SPRING + "original-partition");
            byte[] offset = byName.get(SPRING + "original-offset");
            return Optional.of(new DeadLetterOrigin("spring-kafka", text(byName, SPRING + "original-topic"),
                    partition != null && partition.length == 4 ? ByteBuffer.wrap(partition).getInt() : null,
                    offset != null && offset.length == 8 ? ByteBuffer.wrap(offset).getLong() : null,
                    text(byName, SPRING + "original-consumer-group"), -1, reason, stored));
        }
        if (byName.containsKey(RABBIT_DEATHS) || byName.containsKey(RABBIT_FIRST + "queue")) {
            return Optional.of(rabbit(byName));
        }
        if (originHeader != null && byName.containsKey(originHeader)) {
            return Optional.of(new DeadLetterOrigin("header", text(byName, originHeader), null, null, null, -1, null, stored));
        }
        return Optional.empty();
    }

    private static DeadLetterOrigin rabbit(Map<String, byte[]> headers) {
        String firstQueue = text(headers, RABBIT_FIRST + "queue");
        JsonNode entry = null;
        try {
            JsonNode deaths = headers.containsKey(RABBIT_DEATHS) ? JSON.readTree(text(headers, RABBIT_DEATHS)) : null;
            if (deaths != null && deaths.isArray() && !deaths.isEmpty()) {
                entry = deaths.get(0);
                for (JsonNode death : deaths) {
                    if (death.path("queue").asText().equals(firstQueue)) {
                        entry = death;
                        break;
                    }
                }
            }
        } catch (JsonProcessingException e) {
            entry = null; // an x-death that is not JSON is shown raw in the headers; the first-death headers still count
        }
        String reason = text(headers, SPRING_AMQP_EXCEPTION);
        if (reason == null) {
            reason = entry != null && entry.hasNonNull("reason") ? entry.path("reason").asText()
                    : text(headers, RABBIT_FIRST + "reason");
        }
        String queue = firstQueue != null ? firstQueue : entry == null ? null : entry.path("queue").asText(null);
        int attempts = entry != null && entry.path("count").canConvertToInt() ? entry.path("count").asInt() : -1;
        Instant time = entry != null && entry.path("time").isNumber() ? Instant.ofEpochSecond(entry.path("time").asLong()) : null;
        return new DeadLetterOrigin("rabbitmq", queue, null, null, null, attempts, reason, time);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private interface Parser<T> {
        T parse(String text);
    }

    /** A header that does not parse is left out rather than failing the whole message. */
    private static <T> T parse(String text, Parser<T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.parse(text.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }
}
