package io.weir.broker;

import io.weir.broker.log.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message to publish. Byte arrays are not copied; do not modify them after publishing.
 *
 * @param key chooses the partition (see {@link PartitionRouter}); {@code null} to go with the
 *     publish's other keyless messages to the next partition in turn
 * @param headers string headers, neither names nor values null
 * @param timestamp producer time, or {@code null} for the broker's time of acceptance
 * @param messageId producer-given ID for idempotent publish, or {@code null} to have one generated
 *     (a generated ID never matches an earlier one, so such a publish is never a duplicate)
 * @param value payload
 */
public record OutgoingMessage(byte[] key, Map<String, String> headers, Instant timestamp, String messageId,
        byte[] value) {

    public OutgoingMessage {
        Objects.requireNonNull(value, "value");
        headers = headers == null ? Map.of() : headers;
    }

    public static OutgoingMessage of(String value) {
        return new OutgoingMessage(null, Map.of(), null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    public static OutgoingMessage keyed(String key, String value) {
        return new OutgoingMessage(key.getBytes(StandardCharsets.UTF_8), Map.of(), null, null,
                value.getBytes(StandardCharsets.UTF_8));
    }

    public OutgoingMessage withMessageId(String id) {
        return new OutgoingMessage(key, headers, timestamp, id, value);
    }

    public OutgoingMessage withHeaders(Map<String, String> headers) {
        return new OutgoingMessage(key, headers, timestamp, messageId, value);
    }

    public OutgoingMessage withTimestamp(Instant time) {
        return new OutgoingMessage(key, headers, time, messageId, value);
    }

    Message toMessage(String id, Instant now) {
        return new Message(timestamp == null ? now : timestamp, key, headers, id, value);
    }
}
