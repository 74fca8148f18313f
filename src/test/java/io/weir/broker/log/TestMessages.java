package io.weir.broker.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds recognisable messages: message {@code i} carries {@code i} in every field. */
final class TestMessages {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private TestMessages() {
    }

    /** Message {@code i}, stamped {@code T0 + i seconds}, with a key, two headers and an id. */
    static Message message(int i) {
        return message(i, T0.plusSeconds(i));
    }

    static Message message(int i, Instant timestamp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("trace", "t-" + i);
        headers.put("äöü", "ünïcode " + i);
        return new Message(timestamp, bytes("key-" + i), headers, "id-" + i, bytes("value " + i + " " + "x".repeat(i % 7)));
    }

    static List<Message> messages(int from, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(message(i));
        }
        return messages;
    }

    /** The record that message {@code i} becomes at offset {@code i}. */
    static LogRecord record(int i) {
        Message m = message(i);
        return new LogRecord(i, m.timestamp(), m.key(), m.headers(), m.messageId(), m.value());
    }

    static List<LogRecord> records(int from, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(record(i));
        }
        return records;
    }

    /** Appends messages {@code from .. from+count-1} one append each. */
    static void appendEach(PartitionLog log, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log.append(List.of(message(i)));
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
