package io.weir.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.RecordTimestamp;
import io.weir.sources.NextRecordTimestamps.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NextRecordTimestampsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private final List<List<Position>> reads = new ArrayList<>();

    /** Stamps every message at T0 plus its offset in seconds, and notes what it was asked. */
    private Map<Position, RecordTimestamp> read(List<Position> positions) {
        reads.add(positions);
        Map<Position, RecordTimestamp> found = new HashMap<>();
        positions.forEach(p -> found.put(p, new RecordTimestamp(T0.plusSeconds(p.offset()), RecordTimestamp.Clock.PRODUCER)));
        return found;
    }

    @Test
    void stuckPartitionIsReadOnceAndGroupsAtTheSameOffsetShareTheRead() throws Exception {
        NextRecordTimestamps timestamps = new NextRecordTimestamps(10);
        List<GroupSnapshot> groups = List.of(group("a", 400L), group("b", 400L));

        List<GroupSnapshot> first = timestamps.fill(groups, this::read);
        List<GroupSnapshot> second = timestamps.fill(groups, this::read);

        assertThat(reads).containsExactly(List.of(new Position("orders", 0, 400)));
        assertThat(second).isEqualTo(first);
        assertThat(second.get(1).offsets().get(0).nextRecord().at()).isEqualTo(T0.plusSeconds(400));
    }

    @Test
    void budgetBoundsTheReadsOfOnePollAndTheRestFollowLater() throws Exception {
        NextRecordTimestamps timestamps = new NextRecordTimestamps(2);
        List<GroupSnapshot> groups = List.of(group("a", 100L), group("b", 200L), group("c", 300L));

        List<GroupSnapshot> first = timestamps.fill(groups, this::read);
        timestamps.fill(groups, this::read);

        assertThat(reads).extracting(List::size).containsExactly(2, 1);
        assertThat(first.get(2).offsets().get(0).nextRecord()).as("over the budget: estimated this poll").isNull();
    }

    @Test
    void partitionWithoutLagOrCommitIsNotRead() throws Exception {
        NextRecordTimestamps timestamps = new NextRecordTimestamps(10);

        timestamps.fill(List.of(group("caught-up", 1000L), group("never-committed", null)), this::read);

        assertThat(reads).isEmpty();
    }

    @Test
    void zeroBudgetReadsNothing() throws Exception {
        new NextRecordTimestamps(0).fill(List.of(group("a", 400L)), this::read);
        assertThat(reads).isEmpty();
    }

    private static GroupSnapshot group(String name, Long committed) {
        return new GroupSnapshot(name, "Empty", 0, List.of(new GroupOffset("orders", 0, committed, 0, 1000)));
    }
}
