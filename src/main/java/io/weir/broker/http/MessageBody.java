package io.weir.broker.http;

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
 * Messages as JSON. A key and a value are bytes; {@code encoding} says how both are written:
 * {@code utf8} (the default: text as it is) or {@code base64}. A consumed message is written as
 * text when its key and value are valid UTF-8, else (or when the consumer asks for it) in base64.
 */
final class MessageBody {

    private static final String UTF8 = "utf8";
    private static final String BASE64 = "base64";

    private MessageBody() {
    }

    /** @throws IllegalArgumentException unless {@code encoding} is utf8, base64 or null (utf8) */
    static boolean isBase64(String encoding) {
        if (encoding == null || encoding.equals(UTF8)) {
            return false;
        }
        if (encoding.equals(BASE64)) {
            return true;
        }
        throw new IllegalArgumentException("encoding must be utf8 or base64: " + encoding);
    }

    /**
     * A message to publish.
     *
     * @param key chooses the partition (same key, same partition); null for round robin
     * @param messageId for idempotent publish: a second message with this ID within the dedup
     *     window is not stored again; null to have one generated
     * @param timestamp producer time, ISO-8601; null for the time the broker accepts it
     */
    public record Outgoing(String key, String value, String encoding, Map<String, String> headers,
            String messageId, Instant timestamp) {

        OutgoingMessage toMessage() {
            boolean base64 = isBase64(encoding);
            if (headers != null && headers.containsValue(null)) {
                throw new IllegalArgumentException("header values must be strings, not null");
            }
            return new OutgoingMessage(key == null ? null : decode(key, base64, "key"), headers, timestamp, messageId,
                    decode(Required.field(value, "value"), base64, "value"));
        }

        private static byte[] decode(String text, boolean base64, String field) {
            if (!base64) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " is not valid base64: " + e.getMessage());
            }
        }
    }

    /** A message as a consumer receives it. */
    public record Consumed(int partition, long offset, Instant timestamp, String key, String value, String encoding,
            Map<String, String> headers, String messageId) {

        /** @param base64 write key and value in base64 even when they are text */
        static Consumed of(ConsumedMessage m, boolean base64) {
            LogRecord r = m.record();
            boolean text = !base64 && isUtf8(r.value()) && (r.key() == null || isUtf8(r.key()));
            return new Consumed(m.partition(), r.offset(), r.timestamp(),
                    r.key() == null ? null : encode(r.key(), text), encode(r.value(), text), text ? UTF8 : BASE64,
                    r.headers(), r.messageId());
        }

        private static String encode(byte[] bytes, boolean text) {
            return text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);
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
