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
 * @param deadLetter where a dead letter came from and why, empty for other messages
 */
public record BrowsedMessage(int partition, long offset, Instant timestamp, byte[] key, List<Header> headers,
        byte[] value, Optional<DeadLetterOrigin> deadLetter) {

    /** A header with its value as stored (Kafka: bytes; the built-in broker: UTF-8 text). */
    public record Header(String name, byte[] value) {

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    public BrowsedMessage {
        headers = List.copyOf(headers);
    }

    /** A message as a source read it, with its dead-letter origin decoded. */
    public static BrowsedMessage of(StoredMessage m) {
        List<Header> headers = m.headers().stream().map(h -> new Header(h.name(), h.value())).toList();
        return new BrowsedMessage(m.partition(), m.offset(), m.timestamp(), m.key(), headers, m.value(),
                DeadLetterOrigin.of(headers, m.timestamp()));
    }

    /** The key as UTF-8 text, or {@code null} without a key. */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The payload's size in bytes. */
    public int size() {
        return value.length;
    }
}
