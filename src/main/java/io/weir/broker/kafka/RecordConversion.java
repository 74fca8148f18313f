package io.weir.broker.kafka;

import io.weir.broker.OutgoingMessage;
import io.weir.broker.log.LogRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Kafka records to the broker's messages and back. The broker stores string headers with unique
 * names and a value for every message, so a record is refused as invalid (rather than changed)
 * when it has a null value (a tombstone), a header without a value, a header value that is not
 * UTF-8, or a header name twice. Keys, values and create timestamps pass unchanged; a record
 * without a timestamp gets the broker's time of acceptance.
 */
final class RecordConversion {

    private RecordConversion() {
    }

    /**
     * The batch's records as messages; with {@code idPrefix} non-null each gets the message ID
     * {@code idPrefix + sequence}, so the broker's dedup window recognises a retry.
     *
     * @throws InvalidRecordException if a record cannot be stored unchanged
     */
    static List<OutgoingMessage> messages(RecordBatch batch, String idPrefix) {
        List<OutgoingMessage> messages = new ArrayList<>();
        int sequence = batch.baseSequence();
        for (Record record : batch) {
            if (!record.hasValue()) {
                throw new InvalidRecordException("records with a null value (tombstones) are not supported");
            }
            Instant timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? null
                    : Instant.ofEpochMilli(record.timestamp());
            String id = idPrefix == null ? null : idPrefix + sequence;
            sequence = sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
            messages.add(new OutgoingMessage(record.hasKey() ? bytes(record.key()) : null, headers(record.headers()),
                    timestamp, id, bytes(record.value())));
        }
        return messages;
    }

    private static Map<String, String> headers(Header[] headers) {
        if (headers.length == 0) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Header header : headers) {
            if (header.value() == null) {
                throw new InvalidRecordException("header " + header.key() + " has no value; headers need one");
            }
            if (map.put(header.key(), utf8(header.key(), header.value())) != null) {
                throw new InvalidRecordException("header " + header.key() + " appears twice; names must be unique");
            }
        }
        return map;
    }

    private static String utf8(String name, byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException("header " + name + " is not UTF-8 text; header values must be");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** One uncompressed batch of consecutive stored records, offsets as stored. */
    static MemoryRecords batch(List<LogRecord> records) {
        int estimate = 64;
        for (LogRecord r : records) {
            estimate += 32 + r.value().length + (r.key() == null ? 0 : r.key().length);
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                estimate += 8 + 3 * (h.getKey().length() + h.getValue().length());
            }
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(estimate), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, records.get(0).offset());
        for (LogRecord r : records) {
            Header[] headers = new Header[r.headers().size()];
            int i = 0;
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                headers[i++] = new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
            }
            builder.appendWithOffset(r.offset(), r.timestamp().toEpochMilli(), r.key(), r.value(), headers);
        }
        return builder.build();
    }
}
