package io.weir.broker.log;

import static io.weir.broker.log.TestMessages.T0;
import static io.weir.broker.log.TestMessages.bytes;
import static io.weir.broker.log.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

    @Test
    void encodedRecordDecodesToTheSameFields() {
        ByteBuffer encoded = RecordFormat.encode(42, message(7).timestamp().toEpochMilli(), message(7));

        LogRecord decoded = RecordFormat.decode(encoded);

        assertThat(decoded.offset()).isEqualTo(42);
        assertThat(decoded.message()).isEqualTo(message(7));
    }

    @Test
    void absentKeyAndMessageIdStayAbsentAndEmptyValueStaysEmpty() {
        Message bare = new Message(T0, null, Map.of(), null, new byte[0]);

        LogRecord decoded = RecordFormat.decode(RecordFormat.encode(0, T0.toEpochMilli(), bare));

        assertThat(decoded.key()).isNull();
        assertThat(decoded.messageId()).isNull();
        assertThat(decoded.value()).isEmpty();
        assertThat(RecordFormat.encode(0, 0, bare).remaining()).isEqualTo(RecordFormat.MIN_RECORD_BYTES);
    }

    @Test
    void layoutMatchesThePackageDocumentation() {
        Message m = new Message(T0, bytes("k"), Map.of("h", "v"), "id", bytes("value"));
        ByteBuffer b = RecordFormat.encode(9, T0.toEpochMilli(), m);

        assertThat(b.getInt(0)).isEqualTo(b.remaining() - 4);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(8));
        assertThat(b.getInt(4)).isEqualTo((int) crc.getValue());
        assertThat(b.get(8)).isEqualTo((byte) 1);
        assertThat(b.getLong(9)).isEqualTo(9);
        assertThat(b.getLong(17)).isEqualTo(T0.toEpochMilli());
        assertThat(b.getInt(25)).isEqualTo(1);
        assertThat(b.get(29)).isEqualTo((byte) 'k');
        assertThat(b.getInt(30)).isEqualTo(1); // header count
        assertThat(b.getInt(34)).isEqualTo(1); // header name length
        assertThat(b.getInt(b.remaining() - 9)).isEqualTo(5); // value length
    }

    @Test
    void lengthsOfZeroBeyondTheFileOrBeyondTheMaximumAreInvalid() {
        assertThatThrownBy(() -> RecordFormat.checkLength(0, 1000)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("zero-filled");
        assertThatThrownBy(() -> RecordFormat.checkLength(500, 499)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("torn write");
        assertThatThrownBy(() -> RecordFormat.checkLength(RecordFormat.MAX_RECORD_BYTES + 1, Long.MAX_VALUE))
                .isInstanceOf(CorruptRecordException.class);
        RecordFormat.checkLength(RecordFormat.MIN_LENGTH, RecordFormat.MIN_LENGTH);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        ByteBuffer encoded = RecordFormat.encode(3, T0.toEpochMilli(), message(3));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] damaged = bytes.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> RecordFormat.decode(ByteBuffer.wrap(damaged)))
                    .as("bit %d", bit).isInstanceOf(CorruptRecordException.class);
        }
    }
}
