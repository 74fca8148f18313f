package io.weir.broker.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.log.LogRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Messages as JSON. A key and a value are bytes, written either as text ({@code key},
 * {@code value}: UTF-8) or in base64 ({@code keyBase64}, {@code valueBase64}). A consumer gets
 * text where the bytes are valid UTF-8 and base64 otherwise, or always base64 if it asks.
 */
final class MessageBody {

    private MessageBody() {
    }

    /**
     * A message to publish: {@code value} or {@code valueBase64}, and optionally {@code key} or
     * {@code keyBase64}.
     *
     * @param key chooses the partition (same key, same partition); without one, a publish's
     *     keyless messages go together to the next partition in turn
     * @param messageId for idempotent publish: a second message with this ID within the dedup
     *     window is not stored again; null to have one generated
     * @param timestamp producer time, ISO-8601; null for the time the broker accepts it
     */
    public record Outgoing(String key, String keyBase64, String value, String valueBase64,
            Map<String, String> headers, String messageId, Instant timestamp) {

        OutgoingMessage toMessage() {
            if (value == null && valueBase64 == null) {
                throw new IllegalArgumentException("a message needs value or valueBase64");
            }
            if (headers != null && headers.containsValue(null)) {
                throw new IllegalArgumentException("header values must be strings, not null");
            }
            return new OutgoingMessage(bytes(key, keyBase64, "key"), headers, timestamp, messageId,
                    bytes(value, valueBase64, "value"));
        }

        private static byte[] bytes(String text, String base64, String field) {
            if (text != null && base64 != null) {
                throw new IllegalArgumentException("give " + field + " or " + field + "Base64, not both");
            }
            if (text != null) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return base64 == null ? null : Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "Base64 is not valid base64: " + e.getMessage());
            }
        }
    }

    /** A message as a consumer receives it; of key and value, only the field in use is written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consumed(int partition, long offset, Instant timestamp, String key, String keyBase64, String value,
            String valueBase64, Map<String, String> headers, String messageId) {

        /** @param base64 write key and value in base64 even when they are text */
        static Consumed of(ConsumedMessage m, boolean base64) {
            LogRecord r = m.record();
            boolean textKey = r.key() != null && !base64 && isUtf8(r.key());
            boolean textValue = !base64 && isUtf8(r.value());
            return new Consumed(m.partition(), r.offset(), r.timestamp(),
                    textKey ? utf8(r.key()) : null, r.key() != null && !textKey ? base64(r.key()) : null,
                    textValue ? utf8(r.value()) : null, textValue ? null : base64(r.value()),
                    r.headers(), r.messageId());
        }

        private static String utf8(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static String base64(byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }

        private static boolean isUtf8(byte[] bytes) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                return true;
            } catch (CharacterCodingException e) {
                return false;
            }
        }
    }
}
