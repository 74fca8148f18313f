package io.weir.broker.log;

import static io.weir.broker.log.TestMessages.appendEach;
import static io.weir.broker.log.TestMessages.message;
import static io.weir.broker.log.TestMessages.record;
import static io.weir.broker.log.TestMessages.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages log files the way crashes and failing disks do and checks what reopening keeps. The
 * loops reopen the log hundreds of times, so they skip real fsyncs.
 */
class CrashRecoveryTest {

    private static final int RECORDS = 10;
    private static final LogConfig CONFIG = LogConfig.defaults().withFlushPolicy(FlushPolicy.OS)
            .withIndexIntervalBytes(256);
    private static final Fsync NO_FSYNC = channel -> {
    };

    /** Recovery logs a warning per damaged file; hundreds of them would drown the build output. */
    private static final Logger QUIET = Logger.getLogger("io.weir.broker.log");

    @TempDir
    Path dir;

    @BeforeAll
    static void quietRecoveryWarnings() {
        QUIET.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreLogging() {
        QUIET.setLevel(null);
    }

    private Path logFile;
    private byte[] intact;
    /** {@code ends[i]}: file position where record {@code i} ends. */
    private final long[] ends = new long[RECORDS];

    @BeforeEach
    void writeTenRecords() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            appendEach(log, 0, RECORDS);
        }
        logFile = dir.resolve(Segment.fileName(0, "log"));
        intact = Files.readAllBytes(logFile);
        long position = 0;
        for (int i = 0; i < RECORDS; i++) {
            position += RecordFormat.encode(i, message(i).timestamp().toEpochMilli(), message(i)).remaining();
            ends[i] = position;
        }
        assertThat(ends[RECORDS - 1]).isEqualTo(intact.length);
    }

    @Test
    void cutAtEveryByteOfTheLastThreeRecordsKeepsExactlyTheCompleteRecordsBeforeIt() throws IOException {
        for (long cut = ends[RECORDS - 4]; cut < intact.length; cut++) {
            Files.write(logFile, Arrays.copyOf(intact, (int) cut));
            int complete = completeRecordsBefore(cut);

            try (PartitionLog log = PartitionLog.open(dir, CONFIG, NO_FSYNC)) {
                assertThat(log.endOffset()).as("cut at %d", cut).isEqualTo(complete);
                assertThat(log.read(0, 100, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, complete));
                assertThat(log.append(List.of(message(complete))).baseOffset()).isEqualTo(complete);
                assertThat(log.read(complete, 1, Long.MAX_VALUE)).containsExactly(record(complete));
            }
            assertThat(Files.size(logFile)).isEqualTo(ends[complete]);
        }
    }

    @Test
    void bitFlipAnywhereInTheLastRecordTruncatesTheLogBeforeIt() throws IOException {
        for (long position = ends[RECORDS - 2]; position < intact.length; position++) {
            writeWithBitFlipAt(position);

            try (PartitionLog log = PartitionLog.open(dir, CONFIG, NO_FSYNC)) {
                assertThat(log.endOffset()).as("flip at %d", position).isEqualTo(RECORDS - 1);
                assertThat(log.read(0, 100, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, RECORDS - 1));
            }
        }
    }

    @Test
    void bitFlipInAnEarlierRecordDiscardsItAndTheIntactRecordsAfterIt() throws IOException {
        for (long position = ends[RECORDS - 4]; position < ends[RECORDS - 3]; position += 7) {
            writeWithBitFlipAt(position);

            try (PartitionLog log = PartitionLog.open(dir, CONFIG, NO_FSYNC)) {
                assertThat(log.endOffset()).as("flip at %d", position).isEqualTo(RECORDS - 3);
                assertThat(log.append(List.of(message(RECORDS - 3))).baseOffset()).isEqualTo(RECORDS - 3);
            }
        }
    }

    @Test
    void zeroFilledPreallocatedTailIsTruncatedAndNeverDelivered() throws IOException {
        byte[] withZeros = Arrays.copyOf(intact, intact.length + 64 * 1024);
        Files.write(logFile, withZeros);

        try (PartitionLog log = PartitionLog.open(dir, CONFIG, NO_FSYNC)) {
            assertThat(log.endOffset()).isEqualTo(RECORDS);
            assertThat(log.read(0, 100, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, RECORDS));
            log.append(List.of(message(RECORDS)));
            assertThat(log.read(RECORDS, 10, Long.MAX_VALUE)).containsExactly(record(RECORDS));
        }
        assertThat(Files.size(logFile))
                .isEqualTo(intact.length + RecordFormat.encode(RECORDS, 0, message(RECORDS)).remaining());
    }

    @Test
    void bitFlipInAClosedSegmentMakesReadsThrowInsteadOfReturningIt() throws IOException {
        LogConfig small = CONFIG.withSegmentBytes(1024);
        Path segmented = dir.resolve("segmented");
        try (PartitionLog log = PartitionLog.open(segmented, small)) {
            appendEach(log, 0, 40);
        }
        Path first = segmented.resolve(Segment.fileName(0, "log"));
        byte[] bytes = Files.readAllBytes(first);
        bytes[(int) ends[4] - 1] ^= 0x01; // last byte of record 4's value
        Files.write(first, bytes);

        for (boolean deleteIndex : new boolean[] {false, true}) {
            if (deleteIndex) {
                Files.delete(segmented.resolve(Segment.fileName(0, "index")));
            }
            try (PartitionLog log = PartitionLog.open(segmented, small)) {
                assertThat(log.endOffset()).isEqualTo(40);
                assertThat(log.read(0, 4, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, 4));
                assertThatThrownBy(() -> log.read(4, 1, Long.MAX_VALUE))
                        .isInstanceOf(CorruptRecordException.class)
                        .hasMessageContaining("00000000000000000000.log").hasMessageContaining("CRC32C");
                assertThatThrownBy(() -> log.read(0, 100, Long.MAX_VALUE)).isInstanceOf(CorruptRecordException.class);
                assertThat(log.read(39, 1, Long.MAX_VALUE)).containsExactly(record(39));
            }
        }
    }

    @Test
    void indexFileOfTheActiveSegmentIsIgnoredAndLeftoversOfARollAreRemoved() throws IOException {
        Files.write(dir.resolve(Segment.fileName(0, "index")), new byte[] {0, 0, 0, 9, 0, 0, 0, 3});
        Files.write(dir.resolve(Segment.fileName(0, "index.tmp")), new byte[] {7});
        Files.write(dir.resolve(Segment.fileName(500, "index")), new byte[] {7});

        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            assertThat(log.read(0, 100, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, RECORDS));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(LogDirectory.LOCK_FILE, Segment.fileName(0, "log"));
        }
    }

    private int completeRecordsBefore(long cut) {
        int complete = 0;
        while (complete < RECORDS && ends[complete] <= cut) {
            complete++;
        }
        return complete;
    }

    private void writeWithBitFlipAt(long position) throws IOException {
        byte[] damaged = intact.clone();
        damaged[(int) position] ^= (byte) (1 << (position % 8));
        Files.write(logFile, damaged);
    }
}
