package io.weir.broker.log;

import static io.weir.broker.log.TestMessages.T0;
import static io.weir.broker.log.TestMessages.appendEach;
import static io.weir.broker.log.TestMessages.message;
import static io.weir.broker.log.TestMessages.record;
import static io.weir.broker.log.TestMessages.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    /** About nine records per segment; record i is stamped T0 + i seconds. */
    private static final LogConfig CONFIG = LogConfig.defaults().withFlushPolicy(FlushPolicy.OS)
            .withSegmentBytes(1024).withIndexIntervalBytes(200);

    @TempDir
    Path dir;

    @Test
    void timeRetentionDeletesOnlyClosedSegmentsWhoseRecordsAreAllOlder() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            appendEach(log, 0, 60);
            int segments = log.segmentCount();

            int deleted = log.deleteSegmentsOlderThan(T0.plusSeconds(30));

            long start = log.startOffset();
            assertThat(deleted).isPositive();
            assertThat(log.segmentCount()).isEqualTo(segments - deleted);
            assertThat(start).isPositive().isLessThanOrEqualTo(30); // record 30 itself is kept
            assertThat(log.read(start, 100, Long.MAX_VALUE)).containsExactlyElementsOf(records((int) start, 60 - (int) start));
            assertThatThrownBy(() -> log.read(start - 1, 1, Long.MAX_VALUE))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.deleteSegmentsOlderThan(T0.plusSeconds(30))).isZero();
        }
        try (PartitionLog reopened = PartitionLog.open(dir, CONFIG)) {
            assertThat(reopened.startOffset()).isPositive();
            assertThat(reopened.endOffset()).isEqualTo(60);
        }
    }

    @Test
    void activeSegmentSurvivesRetentionEvenWhenEverythingIsOlder() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            appendEach(log, 0, 60);

            log.deleteSegmentsOlderThan(Instant.MAX);

            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(log.startOffset()).isPositive().isLessThan(60);
            assertThat(log.endOffset()).isEqualTo(60);
            assertThat(log.append(List.of(message(60))).baseOffset()).isEqualTo(60);
            assertThat(log.read(59, 2, Long.MAX_VALUE)).containsExactlyElementsOf(records(59, 2));
        }
    }

    @Test
    void sizeRetentionDeletesOldestClosedSegmentsUntilTheLogFits() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            appendEach(log, 0, 60);
            long before = log.sizeBytes();

            int deleted = log.deleteSegmentsBeyondSize(before / 2);

            assertThat(deleted).isPositive();
            assertThat(log.sizeBytes()).isLessThanOrEqualTo(before / 2).isGreaterThan(before / 2 - 1024);
            assertThat(log.read(log.startOffset(), 100, Long.MAX_VALUE)).last().isEqualTo(record(59));
            assertThat(log.deleteSegmentsBeyondSize(0)).isPositive();
            assertThat(log.segmentCount()).isEqualTo(1);
        }
    }

    @Test
    void findOffsetByTimestampReturnsTheFirstRecordAtOrAfterTheTime() throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            appendEach(log, 0, 60);

            assertThat(log.findOffsetByTimestamp(T0.minusSeconds(100))).isZero();
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(42))).isEqualTo(42);
            assertThat(log.findOffsetByTimestamp(T0.plusMillis(41_500))).isEqualTo(42);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(41).plusNanos(1))).isEqualTo(42);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(1000))).isEqualTo(60);
            assertThat(log.findOffsetByTimestamp(Instant.MAX)).isEqualTo(60);
            assertThat(log.findOffsetByTimestamp(Instant.MIN)).isZero();
            log.deleteSegmentsOlderThan(T0.plusSeconds(30));
            assertThat(log.findOffsetByTimestamp(T0)).isEqualTo(log.startOffset());
        }
    }

    @Test
    void findOffsetByTimestampCopesWithTimestampsOutOfOrder() throws IOException {
        int[] seconds = {5, 1, 9, 3, 20, 2, 15, 30, 4};
        try (PartitionLog log = PartitionLog.open(dir, CONFIG)) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < seconds.length; i++) {
                    int n = round * seconds.length + i;
                    log.append(List.of(message(n, T0.plusSeconds(seconds[i] + 100L * round))));
                }
            }

            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(6))).isEqualTo(2);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(16))).isEqualTo(4);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(316))).isEqualTo(31);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(321))).isEqualTo(34);
            assertThat(log.findOffsetByTimestamp(T0.plusSeconds(431))).isEqualTo(45);
        }
    }
}
