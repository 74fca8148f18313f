package io.weir.broker.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Encodes and validates one record; the byte layout is documented in {@code package-info.java}.
 * All integers are big-endian. Decoding never trusts a field: every length is checked against the
 * bytes that remain, so a damaged record fails with {@link CorruptRecordException} instead of an
 * out-of-memory error or garbage.
 */
final class RecordFormat {

    /** The only version written; anything else in the version byte is damage. */
    static final byte VERSION = 1;

    /** Length field, then CRC, version, offset and timestamp. */
    static final int LENGTH_BYTES = 4;
    static final int CRC_BYTES = 4;
    private static final int FIXED_BODY_BYTES = 1 + 8 + 8 + 4 + 4 + 4 + 4;

    /** Smallest legal value of the length field: CRC plus an empty record body. */
    static final int MIN_LENGTH = CRC_BYTES + FIXED_BODY_BYTES;
    static final int MIN_RECORD_BYTES = LENGTH_BYTES + MIN_LENGTH;

    /**
     * Hard upper bound of the length field, independent of configuration so that recovery judges
     * old files by the same rule they were written under.
     */
    static final int MAX_RECORD_BYTES = 64 << 20;

    private RecordFormat() {
    }

    /** The complete record including its length field, flipped and ready to write. */
    static ByteBuffer encode(long offset, long timestampMillis, Message message) {
        byte[] messageId = messageIdBytes(message);
        long size = encodedSize(message, messageId);
        if (size > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record of " + size + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        encode(buffer, offset, timestampMillis, message, messageId);
        return buffer.flip();
    }

    /** The message ID as UTF-8, or null: computed once per message, for both size and encoding. */
    static byte[] messageIdBytes(Message message) {
        return message.messageId() == null ? null : message.messageId().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The size of the message's record, length field included, without encoding it; a long
     * because an oversized message may exceed an int.
     *
     * @param messageId {@link #messageIdBytes} of the message
     */
    static long encodedSize(Message message, byte[] messageId) {
        long size = LENGTH_BYTES + MIN_LENGTH + message.value().length + lengthOf(message.key()) + lengthOf(messageId);
        for (Map.Entry<String, String> header : message.headers().entrySet()) {
            size += 8L + utf8Length(header.getKey()) + utf8Length(header.getValue());
        }
        return size;
    }

    /**
     * Writes the record at the buffer's position, which must have {@link #encodedSize} bytes of
     * room, and advances it. Works on direct buffers, so records can go to the file without
     * another copy.
     *
     * @param messageId {@link #messageIdBytes} of the message
     */
    static void encode(ByteBuffer buffer, long offset, long timestampMillis, Message message, byte[] messageId) {
        int start = buffer.position();
        buffer.putInt(0); // length and CRC are filled in below once the body is written
        buffer.putInt(0);
        buffer.put(VERSION);
        buffer.putLong(offset);
        buffer.putLong(timestampMillis);
        putBytes(buffer, message.key());
        buffer.putInt(message.headers().size());
        message.headers().forEach((name, value) -> {
            putString(buffer, name);
            putString(buffer, value);
        });
        putBytes(buffer, messageId);
        putBytes(buffer, message.value());
        int end = buffer.position();
        buffer.putInt(start, end - start - LENGTH_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(start + LENGTH_BYTES + CRC_BYTES).limit(end));
        buffer.putInt(start + LENGTH_BYTES, (int) crc.getValue());
    }

    /**
     * Checks a length field read at the start of a record. {@code available} is the number of bytes
     * after the length field up to the end of the file.
     */
    static void checkLength(int length, long available) {
        if (length < MIN_LENGTH) {
            throw new CorruptRecordException("record length " + length + " is below the minimum " + MIN_LENGTH
                    + (length == 0 ? " (zero-filled or never written)" : ""));
        }
        if (length > MAX_RECORD_BYTES) {
            throw new CorruptRecordException("record length " + length + " exceeds the maximum " + MAX_RECORD_BYTES);
        }
        if (length > available) {
            throw new CorruptRecordException("record length " + length + " runs past the end of the file ("
                    + available + " bytes left): torn write");
        }
    }

    /**
     * Decodes the record in {@code buffer} from its position to its limit, which must span exactly
     * one record including the length field, consuming the buffer (its position moves). Verifies
     * the CRC before reading any field.
     */
    static LogRecord decode(ByteBuffer buffer) {
        ByteBuffer in = buffer; // consumed: callers hand over a view of their own
        int body = in.position() + LENGTH_BYTES + CRC_BYTES;
        int length = in.getInt();
        checkLength(length, in.remaining());
        if (length != in.remaining()) {
            throw new CorruptRecordException("record length " + length + " does not match " + in.remaining());
        }
        int storedCrc = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(in);
        in.position(body);
        if ((int) crc.getValue() != storedCrc) {
            throw new CorruptRecordException("CRC32C mismatch: stored " + Integer.toHexString(storedCrc)
                    + ", computed " + Integer.toHexString((int) crc.getValue()));
        }
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new CorruptRecordException("unknown record version " + version);
            }
            long offset = in.getLong();
            long timestamp = in.getLong();
            byte[] key = getBytes(in);
            int headerCount = in.getInt();
            if (headerCount < 0 || headerCount > in.remaining() / 8) {
                throw new CorruptRecordException("implausible header count " + headerCount);
            }
            Map<String, String> headers = headerCount == 0 ? Map.of() : new LinkedHashMap<>();
            for (int i = 0; i < headerCount; i++) {
                headers.put(getString(in, false), getString(in, false));
            }
            String messageId = getString(in, true);
            byte[] value = getBytes(in);
            if (value == null || in.hasRemaining()) {
                throw new CorruptRecordException("record fields do not add up to its length");
            }
            return new LogRecord(offset, Instant.ofEpochMilli(timestamp), key, headers, messageId, value);
        } catch (BufferUnderflowException e) {
            throw new CorruptRecordException("record fields run past its length");
        }
    }

    static int crcOf(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private static void putBytes(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length);
            buffer.put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new CorruptRecordException("field length " + length + " exceeds the record");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String getString(ByteBuffer in, boolean nullable) {
        byte[] bytes = getBytes(in);
        if (bytes == null && !nullable) {
            throw new CorruptRecordException("null header name or value");
        }
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes the string's UTF-8 bytes with their length; ASCII, the usual case, without a temporary array. */
    private static void putString(ByteBuffer buffer, String value) {
        int length = utf8Length(value);
        if (length != value.length()) {
            putBytes(buffer, value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        buffer.putInt(length);
        for (int i = 0; i < length; i++) {
            buffer.put((byte) value.charAt(i));
        }
    }

    /** What {@code value.getBytes(UTF_8).length} returns, computed without the array for ASCII. */
    private static int utf8Length(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return value.length();
    }

    private static long lengthOf(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
