package io.weir.broker.log;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A record as stored in and read from a {@link PartitionLog}. Byte arrays are not copied; a record
 * returned by a read is the caller's to keep.
 *
 * @param offset position in the partition, contiguous from the log's first record
 * @param timestamp producer time (or append time), millisecond precision
 * @param key partitioning key, or {@code null}
 * @param headers ordered string headers
 * @param messageId producer-assigned id, or {@code null}
 * @param value payload
 */
public record LogRecord(long offset, Instant timestamp, byte[] key, Map<String, String> headers, String messageId,
        byte[] value) {

    public LogRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(value, "value");
        headers = Message.copyOf(headers);
    }

    /** The message this record was appended from, with its timestamp resolved. */
    public Message message() {
        return new Message(timestamp, key, headers, messageId, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && offset == r.offset && timestamp.equals(r.timestamp)
                && Arrays.equals(key, r.key) && headers.equals(r.headers) && Objects.equals(messageId, r.messageId)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, Arrays.hashCode(key), headers, messageId, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "LogRecord[offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", headers=" + headers + ", messageId="
                + messageId + ", value=" + value.length + " bytes]";
    }
}
