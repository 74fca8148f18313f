package io.weir.sources;

import java.time.Instant;
import java.util.List;

/**
 * One message as a {@link MessageReader} read it from a topic's partition. Byte arrays are not
 * copied: the reader hands them over and keeps no reference.
 *
 * @param timestamp the message's timestamp (producer's or broker's, as the broker stamps it)
 * @param key the key, or {@code null}
 * @param headers headers in stored order; a name may repeat (Kafka)
 * @param value the payload, possibly empty
 */
public record StoredMessage(int partition, long offset, Instant timestamp, byte[] key, List<Header> headers,
        byte[] value) {

    /** A header; Kafka header values are bytes, the built-in broker's are UTF-8 text. */
    public record Header(String name, byte[] value) {
    }

    public StoredMessage {
        headers = List.copyOf(headers);
    }
}
