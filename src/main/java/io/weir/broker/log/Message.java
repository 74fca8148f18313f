package io.weir.broker.log;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append: everything a {@link LogRecord} has except the offset, which the log assigns.
 * The byte arrays are not copied (messages can be large); callers must not modify them after
 * handing the message over.
 *
 * @param timestamp producer time, or {@code null} for "the time of the append"; stored with
 *     millisecond precision
 * @param key partitioning key, or {@code null}
 * @param headers ordered string headers; neither names nor values may be null
 * @param messageId producer-assigned id used for deduplication, or {@code null}
 * @param value payload, possibly empty
 */
public record Message(Instant timestamp, byte[] key, Map<String, String> headers, String messageId, byte[] value) {

    public Message {
        Objects.requireNonNull(value, "value");
        headers = copyOf(headers);
    }

    public static Message of(byte[] value) {
        return new Message(null, null, Map.of(), null, value);
    }

    static Map<String, String> copyOf(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value")));
        return Collections.unmodifiableMap(copy);
    }

    // Records compare arrays by identity; messages are compared by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && Objects.equals(timestamp, m.timestamp) && Arrays.equals(key, m.key)
                && headers.equals(m.headers) && Objects.equals(messageId, m.messageId)
                && Arrays.equals(value, m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, Arrays.hashCode(key), headers, messageId, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "Message[timestamp=" + timestamp + ", key=" + (key == null ? "null" : key.length + " bytes")
                + ", headers=" + headers + ", messageId=" + messageId + ", value=" + value.length + " bytes]";
    }
}
