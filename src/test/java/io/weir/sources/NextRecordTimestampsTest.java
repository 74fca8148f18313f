package io.weir.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.RecordTimestamp;
import io.weir.sources.NextRecordTimestamps.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NextRecordTimestampsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final List<List<Position>> reads = new CopyOnWriteArrayList<>();
    private final List<String> closedOn = new CopyOnWriteArrayList<>();
    /** Held shut, a read waits at it: a slow broker. */
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean gated;
    private volatile boolean failNext;
    private NextRecordTimestamps timestamps;

    /** Stamps every message at T0 plus its offset in seconds, and notes what it was asked. */
    private final NextRecordTimestamps.Reader reader = new NextRecordTimestamps.Reader() {
        @Override
        public Map<Position, RecordTimestamp> read(List<Position> positions) throws InterruptedException {
            reads.add(positions);
            if (gated) {
                gate.await();
            }
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("broker gone");
            }
            Map<Position, RecordTimestamp> found = new HashMap<>();
            positions.forEach(p -> found.put(p, new RecordTimestamp(T0.plusSeconds(p.offset()), RecordTimestamp.Clock.PRODUCER)));
            return found;
        }

        @Override
        public void close() {
            closedOn.add(Thread.currentThread().getName());
        }
    };

    @AfterEach
    void close() {
        gate.countDown();
        if (timestamps != null) {
            timestamps.close();
        }
    }

    @Test
    void positionMissingAtOnePollIsExactAtThePollAfterItsRead() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        List<GroupSnapshot> groups = List.of(group("a", 400L));

        List<GroupSnapshot> first = timestamps.fill(groups);
        List<GroupSnapshot> later = pollUntil(groups, filled -> next(filled, 0) != null);

        assertThat(next(first, 0)).as("not read yet: estimated at this poll").isNull();
        assertThat(next(later, 0).at()).isEqualTo(T0.plusSeconds(400));
    }

    @Test
    void stuckPartitionIsReadOnceAndGroupsAtTheSameOffsetShareTheRead() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        List<GroupSnapshot> groups = List.of(group("a", 400L), group("b", 400L));

        List<GroupSnapshot> exact = pollUntil(groups, filled -> next(filled, 1) != null);
        List<GroupSnapshot> again = timestamps.fill(groups);

        assertThat(reads).containsExactly(List.of(new Position("orders", 0, 400)));
        assertThat(again).isEqualTo(exact);
        assertThat(next(again, 0)).isEqualTo(next(again, 1));
    }

    @Test
    void slowReadNeverDelaysThePollAndItsPositionsAreNotHandedTwice() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        gated = true;
        List<GroupSnapshot> groups = List.of(group("a", 400L));

        timestamps.fill(groups);
        awaitReads(1);
        long start = System.nanoTime();
        List<GroupSnapshot> duringTheRead = timestamps.fill(groups);
        long pollMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        gate.countDown();
        pollUntil(groups, filled -> next(filled, 0) != null);

        assertThat(pollMillis).as("the poll does not wait for the read under way").isLessThan(500);
        assertThat(next(duringTheRead, 0)).isNull();
        assertThat(reads).hasSize(1);
    }

    @Test
    void budgetBoundsEachHandOverAndTheRestFollowsAtLaterPolls() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 2, reader);
        List<GroupSnapshot> groups = List.of(group("a", 100L), group("b", 200L), group("c", 300L));

        pollUntil(groups, filled -> next(filled, 2) != null);

        assertThat(reads).extracting(List::size).containsExactly(2, 1);
    }

    @Test
    void batchNotStartedYetIsReplacedByTheNewerPolls() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        gated = true;

        timestamps.fill(List.of(group("a", 100L)));
        awaitReads(1);
        timestamps.fill(List.of(group("a", 200L)));
        List<GroupSnapshot> latest = List.of(group("a", 300L));
        timestamps.fill(latest);
        gate.countDown();
        pollUntil(latest, filled -> next(filled, 0) != null);

        assertThat(reads).extracting(positions -> positions.get(0).offset()).containsExactly(100L, 300L);
    }

    @Test
    void failedReadLeavesTheEstimateAndIsTriedAgainAtALaterPoll() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        failNext = true;
        List<GroupSnapshot> groups = List.of(group("a", 400L));

        List<GroupSnapshot> exact = pollUntil(groups, filled -> next(filled, 0) != null);

        assertThat(reads).hasSize(2);
        assertThat(next(exact, 0).at()).isEqualTo(T0.plusSeconds(400));
    }

    @Test
    void closeEndsARoundUnderWayAndClosesTheReaderOnItsOwnThread() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);
        gated = true;
        timestamps.fill(List.of(group("a", 400L)));
        awaitReads(1);

        long start = System.nanoTime();
        timestamps.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(closedOn).containsExactly("weir-kafka-lag-timestamps");
        timestamps.fill(List.of(group("b", 100L)));
        assertThat(reads).as("nothing is read after close").hasSize(1);
    }

    @Test
    void partitionWithoutLagOrCommitIsNotRead() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 10, reader);

        timestamps.fill(List.of(group("caught-up", 1000L), group("never-committed", null)));
        timestamps.close();

        assertThat(reads).isEmpty();
        assertThat(closedOn).as("no reader thread was started: closed on the caller's").containsExactly(
                Thread.currentThread().getName());
    }

    @Test
    void zeroBudgetReadsNothing() throws Exception {
        timestamps = new NextRecordTimestamps("kafka", 0, reader);

        timestamps.fill(List.of(group("a", 400L)));
        timestamps.close();

        assertThat(reads).isEmpty();
    }

    /** Polls every 10 ms until {@code done} holds of the answer; fails after {@link #PATIENCE}. */
    private List<GroupSnapshot> pollUntil(List<GroupSnapshot> groups, Predicate<List<GroupSnapshot>> done)
            throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < end) {
            List<GroupSnapshot> filled = timestamps.fill(groups);
            if (done.test(filled)) {
                return filled;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not done after " + PATIENCE + "; reads: " + reads);
    }

    private void awaitReads(int count) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (reads.size() < count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(reads).hasSize(count);
    }

    private static RecordTimestamp next(List<GroupSnapshot> groups, int group) {
        return groups.get(group).offsets().get(0).nextRecord();
    }

    private static GroupSnapshot group(String name, Long committed) {
        return new GroupSnapshot(name, "Empty", 0, List.of(new GroupOffset("orders", 0, committed, 0, 1000)));
    }
}
