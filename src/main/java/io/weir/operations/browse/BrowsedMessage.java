package io.weir.operations.browse;

import io.weir.sources.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message found by a browse, with its dead-letter origin decoded when its headers carry one.
 * Byte arrays are shared, not copied; nobody may change them.
 *
 * @param key the key, or {@code null}
 * @param headers headers in stored order; a name may repeat
 * @param value the payload; empty when it is hidden
 * @param deadLetter where a dead letter came from and why, empty for other messages
 * @param size the payload's size in bytes (also when it is hidden)
 * @param payloadHidden the reader may not see this topic's payloads ({@code payload-visibility}): {@code value} is empty
 */
public record BrowsedMessage(int partition, long offset, Instant timestamp, byte[] key, List<Header> headers,
        byte[] value, Optional<DeadLetterOrigin> deadLetter, int size, boolean payloadHidden) {

    /** A header with its value as stored (Kafka: bytes; the built-in broker: UTF-8 text). */
    public record Header(String name, byte[] value) {

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    public BrowsedMessage {
        headers = List.copyOf(headers);
    }

    /** A message with its whole payload. */
    public BrowsedMessage(int partition, long offset, Instant timestamp, byte[] key, List<Header> headers, byte[] value,
            Optional<DeadLetterOrigin> deadLetter) {
        this(partition, offset, timestamp, key, headers, value, deadLetter, value.length, false);
    }

    /** This message without its payload, for a reader who may not see it; key, headers and size stay. */
    public BrowsedMessage withPayloadHidden() {
        return new BrowsedMessage(partition, offset, timestamp, key, headers, new byte[0], deadLetter, size, true);
    }

    /** A message as a source read it, with its dead-letter origin decoded from the headers Weir knows. */
    public static BrowsedMessage of(StoredMessage m) {
        return of(m, null);
    }

    /**
     * A message as a source read it, with its dead-letter origin decoded; {@code originHeader} is the
     * source's own header naming the original topic, or {@code null}.
     */
    public static BrowsedMessage of(StoredMessage m, String originHeader) {
        // A scan makes one per message it reads: most carry no headers, and those need no lists or lookups.
        if (m.headers().isEmpty()) {
            Optional<DeadLetterOrigin> none = Optional.empty();
            return new BrowsedMessage(m.partition(), m.offset(), m.timestamp(), m.key(), List.of(), m.value(), none);
        }
        List<Header> headers = m.headers().stream().map(h -> new Header(h.name(), h.value())).toList();
        return new BrowsedMessage(m.partition(), m.offset(), m.timestamp(), m.key(), headers, m.value(),
                DeadLetterOrigin.of(headers, m.timestamp(), originHeader));
    }

    /** The key as UTF-8 text, or {@code null} without a key. */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
