package io.weir.broker.log;

import static io.weir.broker.log.TestMessages.appendEach;
import static io.weir.broker.log.TestMessages.bytes;
import static io.weir.broker.log.TestMessages.message;
import static io.weir.broker.log.TestMessages.messages;
import static io.weir.broker.log.TestMessages.record;
import static io.weir.broker.log.TestMessages.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {

    private static final LogConfig SMALL_SEGMENTS = LogConfig.defaults().withFlushPolicy(FlushPolicy.OS)
            .withSegmentBytes(2048).withIndexIntervalBytes(256);

    @TempDir
    Path dir;

    @Test
    void appendedRecordsReadBackWithKeysHeadersAndIds() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            AppendResult result = log.append(messages(0, 3));
            Message bare = new Message(TestMessages.T0, null, Map.of(), null, new byte[0]);
            log.append(List.of(bare));

            assertThat(result.offsets()).containsExactly(0L, 1L, 2L);
            List<LogRecord> read = log.read(0, 10, Long.MAX_VALUE);
            assertThat(read).hasSize(4);
            assertThat(read.subList(0, 3)).containsExactlyElementsOf(records(0, 3));
            assertThat(read.get(1).headers()).containsExactly(Map.entry("trace", "t-1"), Map.entry("äöü", "ünïcode 1"));
            assertThat(read.get(3).message()).isEqualTo(bare);
            assertThat(read.get(3).offset()).isEqualTo(3);
            assertThat(log.startOffset()).isZero();
            assertThat(log.endOffset()).isEqualTo(4);
        }
    }

    @Test
    void offsetsStayContiguousAcrossSegmentRolls() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            appendEach(log, 0, 50);
            log.append(messages(50, 50));

            assertThat(log.segmentCount()).isGreaterThan(3);
            assertThat(log.read(0, 1000, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, 100));
            assertThat(log.read(37, 1, Long.MAX_VALUE)).containsExactly(record(37));
            assertThat(log.sizeBytes()).isEqualTo(sizeOfLogFiles());
        }
    }

    @Test
    void reopenedLogKeepsEveryRecordAndContinuesAtTheNextOffset() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            appendEach(log, 0, 60);
        }
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            assertThat(log.endOffset()).isEqualTo(60);
            assertThat(log.append(messages(60, 2)).baseOffset()).isEqualTo(60);
            assertThat(log.read(0, 1000, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, 62));
        }
    }

    @Test
    void deletedIndexFilesAreRebuiltOnOpen() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            appendEach(log, 0, 60);
        }
        for (Path index : files(".index")) {
            Files.delete(index);
        }
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            assertThat(log.read(0, 1000, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, 60));
            assertThat(log.read(45, 2, Long.MAX_VALUE)).containsExactlyElementsOf(records(45, 2));
        }
        assertThat(files(".index")).hasSize(files(".log").size() - 1);
    }

    @Test
    void garbageIndexFilesAreRebuiltOnOpen() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            appendEach(log, 0, 60);
        }
        List<Path> indexes = files(".index");
        Files.write(indexes.get(0), new byte[] {1, 2, 3});
        Files.write(indexes.get(1), new byte[24]); // plausible size, wrong trailer
        byte[] bytes = Files.readAllBytes(indexes.get(2));
        bytes[5] ^= 0x40; // a position points elsewhere
        Files.write(indexes.get(2), bytes);

        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 60; i++) {
                assertThat(log.read(i, 1, Long.MAX_VALUE)).containsExactly(record(i));
            }
        }
    }

    @Test
    void readStopsAtMaxRecordsAndMaxBytesButAlwaysReturnsOneRecord() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            appendEach(log, 0, 40);

            assertThat(log.read(5, 3, Long.MAX_VALUE)).containsExactlyElementsOf(records(5, 3));
            assertThat(log.read(5, 100, 1)).containsExactly(record(5));
            List<LogRecord> withinBudget = log.read(0, 100, 1000);
            assertThat(withinBudget).isNotEmpty().hasSizeLessThan(40)
                    .containsExactlyElementsOf(records(0, withinBudget.size()));
        }
    }

    @Test
    void readAtTheEndReturnsNothingAndBeyondItThrows() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            log.append(messages(0, 2));

            assertThat(log.read(2, 10, Long.MAX_VALUE)).isEmpty();
            assertThatThrownBy(() -> log.read(3, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThatThrownBy(() -> log.read(-1, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void oversizedMessageIsRejectedAndNothingOfItsAppendIsWritten() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withMaxRecordBytes(1000))) {
            Message big = Message.of(new byte[2000]);

            assertThatThrownBy(() -> log.append(List.of(message(0), big)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
            assertThat(log.endOffset()).isZero();
            assertThat(log.sizeBytes()).isZero();
        }
    }

    @Test
    void recordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS)) {
            log.append(messages(0, 2));
            log.append(List.of(Message.of(new byte[5000])));
            log.append(messages(3, 1));

            assertThat(log.read(2, 1, 1).get(0).value()).hasSize(5000);
            assertThat(log.segmentCount()).isEqualTo(3);
        }
    }

    @Test
    void messagesWithoutTimestampGetTheAppendTime() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            Instant before = Instant.now().minusMillis(1);
            log.append(List.of(Message.of(bytes("now"))));

            assertThat(log.read(0, 1, Long.MAX_VALUE).get(0).timestamp()).isBetween(before, Instant.now());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults())) {
            assertThatThrownBy(() -> PartitionLog.open(dir, LogConfig.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
        }
    }

    @Test
    void closedLogRefusesAppendsAndReads() throws IOException {
        PartitionLog log = PartitionLog.open(dir, LogConfig.defaults());
        log.append(messages(0, 1));
        log.close();

        assertThatThrownBy(() -> log.append(messages(1, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.read(0, 1, 100)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void interruptedReadFailsAloneAndLeavesTheLogUsable() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withFlushPolicy(FlushPolicy.PER_MESSAGE))) {
            log.append(messages(0, 2));

            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> log.read(0, 10, Long.MAX_VALUE)).isInstanceOf(UncheckedIOException.class)
                        .hasCauseInstanceOf(InterruptedIOException.class);
            } finally {
                Thread.interrupted();
            }
            log.append(messages(2, 1));
            assertThat(log.read(0, 10, Long.MAX_VALUE)).containsExactlyElementsOf(records(0, 3));
            assertThat(log.isFailed()).isFalse();
        }
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private long sizeOfLogFiles() throws IOException {
        long total = 0;
        for (Path file : files(".log")) {
            total += Files.size(file);
        }
        return total;
    }
}
