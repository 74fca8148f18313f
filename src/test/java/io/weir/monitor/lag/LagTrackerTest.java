package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.QueueSnapshot.QueueKind;
import io.weir.monitor.lag.LagEstimate.Quality;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LagTrackerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final LagTracker tracker = new LagTracker(60, Duration.ofMinutes(3));

    @Test
    void lagInTimeIsReadFromTheEndOffsetsOfEarlierSnapshots() {
        recordOrders(minute(0), 1, 100, 100L);
        recordOrders(minute(1), 1, 200, 100L);
        recordOrders(minute(2), 1, 300, 150L);

        // the end offset was 150 at 10:00:30, and the latest snapshot is from 10:02:00
        assertThat(tracker.lag("kafka", "billing", "orders", 0))
                .isEqualTo(LagEstimate.of(Duration.ofSeconds(90), Quality.INTERPOLATED));
    }

    @Test
    void lowerBoundOfAGroupStuckOnAQuietTopicGrowsPastTheWindow() {
        for (int minute = 0; minute <= 10; minute++) {
            recordOrders(minute(minute), 1, 1000, 400L);
        }

        // the window is 3 minutes, but the end offset has been beyond the commit since 10:00
        assertThat(tracker.lag("kafka", "billing", "orders", 0))
                .isEqualTo(LagEstimate.of(Duration.ofMinutes(10), Quality.LOWER_BOUND));
    }

    @Test
    void lagWhileDrainingABurstGrowsWithTheAgeOfTheNextMessagePastTheLastPoints() {
        // The flash sale: 100,000 orders published in 5 s, drained at 1,000/s, polled every second.
        // Each order waits longer than the one before, so the lag grows until the backlog is gone;
        // it must not stop at the 60 points the history keeps (60 s at this poll interval).
        LagTracker perSecond = new LagTracker(60, Duration.ofMinutes(10));
        for (int second = 0; second <= 100; second++) {
            long end = Math.min(100_000, second * 20_000L);
            long committed = Math.min(end, second * 1_000L);
            perSecond.record("kafka", T0.plusSeconds(second), snapshot(List.of(topic("orders", end)),
                    group("billing", 1, offset("orders", 0, committed, end))));
            if (second == 90) {
                // order 90,000 was published at 4.5 s
                assertThat(perSecond.lag("kafka", "billing", "orders", 0))
                        .isEqualTo(LagEstimate.of(Duration.ofMillis(85_500), Quality.INTERPOLATED));
            }
        }
        assertThat(perSecond.lag("kafka", "billing", "orders", 0)).isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void timestampOfTheNextMessageGivesTheExactLag() {
        RecordTimestamp anHourBefore = new RecordTimestamp(minute(0).minus(Duration.ofHours(1)), RecordTimestamp.Clock.PRODUCER);
        for (int minute = 0; minute <= 2; minute++) {
            tracker.record("kafka", minute(minute), snapshot(List.of(topic("orders", 1000)), group("billing", 1,
                    new GroupOffset("orders", 0, 400L, 0, 1000, anHourBefore))));
        }

        assertThat(tracker.lag("kafka", "billing", "orders", 0))
                .isEqualTo(LagEstimate.of(Duration.ofMinutes(62), Quality.FROM_TIMESTAMP));
    }

    @Test
    void groupLagIsTheWorstPartition() {
        tracker.record("kafka", minute(0), snapshot(List.of(topic("orders", 100, 100), topic("refunds", 10)),
                group("billing", 1, offset("orders", 0, 100L, 100),
                        offset("orders", 1, 100L, 100), offset("refunds", 0, 0L, 10))));
        tracker.record("kafka", minute(1), snapshot(List.of(topic("orders", 200, 200), topic("refunds", 10)),
                group("billing", 1, offset("orders", 0, 200L, 200),
                        offset("orders", 1, 100L, 200), offset("refunds", 0, 0L, 10))));

        assertThat(tracker.groupTopicLag("kafka", "billing", "orders"))
                .isEqualTo(LagEstimate.of(Duration.ofMinutes(1), Quality.INTERPOLATED));
        // refunds-0 never moved, so its lag is only a lower bound, and so is the group's
        assertThat(tracker.groupLag("kafka", "billing")).isEqualTo(LagEstimate.of(Duration.ofMinutes(1), Quality.LOWER_BOUND));
    }

    @Test
    void consumerThatCatchesUpIsOk() {
        for (int minute = 0; minute < 4; minute++) {
            long end = 100L * minute;
            recordOrders(minute(minute), 1, end, end);
        }

        assertThat(tracker.status("kafka", "billing")).contains(
                new ConsumerStatusResult(ConsumerStatus.OK, "no problem found; largest lag is 0 messages on orders-0"));
    }

    @Test
    void stuckConsumerIsStalledThenStoppedOnceTheWindowHasPassed() {
        for (int minute = 0; minute <= 3; minute++) {
            long end = 1000 + 10L * minute;
            recordOrders(minute(minute), 2, end, 900L);
        }
        assertThat(tracker.status("kafka", "billing").orElseThrow().status()).isEqualTo(ConsumerStatus.STALLED);

        recordOrders(minute(4), 2, 1040, 900L);

        assertThat(tracker.status("kafka", "billing")).contains(new ConsumerStatusResult(ConsumerStatus.STOPPED,
                "no commits on orders-0 for 4 min while 30 messages arrived in the last 3 min"));
    }

    @Test
    void emptyGroupWhileMessagesArriveHasNoConsumers() {
        recordOrders(minute(0), 0, 100, 100L);
        recordOrders(minute(1), 0, 4310, 100L);

        assertThat(tracker.status("kafka", "billing")).contains(new ConsumerStatusResult(ConsumerStatus.NO_CONSUMERS,
                "no consumers in the group while 4,210 messages arrived on orders in the last 1 min"));
    }

    @Test
    void offsetResetToAnEarlierPositionIsRewound() {
        tracker.record("kafka", minute(0), snapshot(List.of(topic("orders", 1300)),
                group("billing", 1, offset("orders", 3, 1200L, 1300))));
        tracker.record("kafka", minute(1).plusSeconds(12), snapshot(List.of(topic("orders", 1400)),
                group("billing", 1, offset("orders", 3, 800L, 1400))));

        assertThat(tracker.status("kafka", "billing")).contains(new ConsumerStatusResult(ConsumerStatus.REWOUND,
                "committed offset on orders-3 went back from 1,200 to 800 at 10:01:12 UTC"));
    }

    @Test
    void groupWhoseDeadLetterQueueHoldsMessagesReportsThem() {
        for (int minute = 0; minute < 3; minute++) {
            tracker.record("builtin", minute(minute), snapshot(List.of(topic("orders", 7), topic("orders.billing.dlq", 7)),
                    new GroupSnapshot("billing", "Stable", 1, List.of(offset("orders", 0, 7L, 7)), "orders.billing.dlq")));
        }

        assertThat(tracker.status("builtin", "billing")).contains(new ConsumerStatusResult(ConsumerStatus.DEAD_LETTERS,
                "7 messages in its dead-letter queue orders.billing.dlq, not processed until replayed"));
    }

    @Test
    void groupsAndPartitionsThatDisappearAreForgotten() {
        tracker.record("kafka", minute(0), snapshot(List.of(topic("orders", 100, 100)),
                group("billing", 1, offset("orders", 0, 50L, 100), offset("orders", 1, 50L, 100)),
                group("audit", 1, offset("orders", 0, 0L, 100))));
        recordOrders(minute(1), 1, 200, 150L);

        assertThat(tracker.status("kafka", "audit")).isEmpty();
        assertThat(tracker.lag("kafka", "audit", "orders", 0)).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
        assertThat(tracker.lag("kafka", "billing", "orders", 1)).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
        assertThat(tracker.status("kafka", "billing")).as("two polls are too few to call it OK").isEmpty();
    }

    @Test
    void partitionRecreatedAfterDisappearingStartsAFreshHistory() {
        recordOrders(minute(0), 1, 500, 500L);
        tracker.record("kafka", minute(1), snapshot(List.of(), group("billing", 1)));
        recordOrders(minute(2), 1, 10, 5L);

        assertThat(tracker.status("kafka", "billing")).as("a fresh history is too short to call it OK").isEmpty();
        assertThat(tracker.lag("kafka", "billing", "orders", 0)).isEqualTo(LagEstimate.of(Duration.ZERO, Quality.LOWER_BOUND));
    }

    @Test
    void partitionAddedToATopicIsJudgedOnceItHasPoints() {
        for (int minute = 0; minute < 3; minute++) {
            recordOrders(minute(minute), 1, 200L * (minute + 1), 100L * (minute + 1));
        }
        tracker.record("kafka", minute(3), snapshot(List.of(topic("orders", 800, 50)),
                group("billing", 1, offset("orders", 0, 400L, 800), offset("orders", 1, 0L, 50))));

        assertThat(tracker.status("kafka", "billing").orElseThrow().reason()).startsWith("lag on orders-0 ");
        assertThat(tracker.lag("kafka", "billing", "orders", 1)).isEqualTo(LagEstimate.of(Duration.ZERO, Quality.LOWER_BOUND));
    }

    @Test
    void deletedCommitHasNoOffset() {
        recordOrders(minute(0), 0, 100, 50L);
        recordOrders(minute(1), 0, 100, null);

        assertThat(tracker.lag("kafka", "billing", "orders", 0)).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
    }

    @Test
    void queueBacklogTrendAndLagComeFromTheQueueSnapshots() {
        tracker.record("rabbit", minute(0), snapshot(List.of(queue("jobs", 600, 5.0))));
        tracker.record("rabbit", minute(1), snapshot(List.of(queue("jobs", 900, 5.0))));

        BacklogTrend trend = tracker.trend("rabbit", "prod/jobs", OptionalLong.of(1200)).orElseThrow();
        assertThat(trend.messagesPerSecond()).isEqualTo(5.0);
        assertThat(trend.reachesLimitIn()).contains(Duration.ofMinutes(1));
        assertThat(tracker.queueLag("rabbit", "prod/jobs")).as("no timestamp of the oldest message")
                .isEqualTo(LagEstimate.unknown(Quality.NO_TIMESTAMP));
        assertThat(tracker.trend("rabbit", "prod/other", OptionalLong.empty())).isEmpty();
    }

    @Test
    void lateSnapshotIsIgnored() {
        recordOrders(minute(1), 1, 200, 200L);
        recordOrders(minute(0), 1, 100, 0L);

        assertThat(tracker.lag("kafka", "billing", "orders", 0))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void sourcesAreKeptApartAndForgottenOneByOne() {
        tracker.record("east", minute(0), snapshot(List.of(topic("orders", 100)),
                group("billing", 1, offset("orders", 0, 100L, 100))));
        tracker.record("west", minute(0), snapshot(List.of(topic("orders", 100)),
                group("billing", 0, offset("orders", 0, 0L, 100))));

        tracker.forget("west");

        assertThat(tracker.status("west", "billing")).isEmpty();
        assertThat(tracker.lag("west", "billing", "orders", 0)).isEqualTo(LagEstimate.unknown(Quality.NO_OFFSET));
        assertThat(tracker.lag("east", "billing", "orders", 0))
                .isEqualTo(LagEstimate.of(Duration.ZERO, Quality.CAUGHT_UP));
    }

    @Test
    void queriesFromOtherThreadsWhileRecordingSeeConsistentSnapshots() {
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2_000; i++) {
                tracker.status("kafka", "billing").ifPresent(result -> assertThat(result.status()).isEqualTo(ConsumerStatus.OK));
                tracker.groupLag("kafka", "billing");
            }
        });
        for (int second = 0; second < 2_000; second++) {
            long end = 10L * second;
            tracker.record("kafka", T0.plusSeconds(second), snapshot(List.of(topic("orders", end, end)),
                    group("billing", 1, offset("orders", 0, end, end), offset("orders", 1, end, end))));
        }
        reader.join();
    }

    /** A snapshot of source "kafka" where group billing has committed on orders-0. */
    private void recordOrders(Instant at, int members, long end, Long committed) {
        tracker.record("kafka", at, snapshot(List.of(topic("orders", end)),
                group("billing", members, offset("orders", 0, committed, end))));
    }

    private static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    private static BrokerSnapshot snapshot(List<QueueSnapshot> queues, GroupSnapshot... groups) {
        ClusterHealth health = new ClusterHealth("test", "1", null, List.of(), 0, 0, 0, List.of(), Map.of());
        return new BrokerSnapshot(health, queues, List.of(groups));
    }

    /** A topic whose partition i has end offset {@code ends[i]} and start 0. */
    private static QueueSnapshot topic(String name, long... ends) {
        List<PartitionSnapshot> partitions = new ArrayList<>();
        long messages = 0;
        for (int i = 0; i < ends.length; i++) {
            partitions.add(new PartitionSnapshot(i, 0, ends[i], 1, List.of(1), List.of(1)));
            messages += ends[i];
        }
        return new QueueSnapshot(name, null, QueueKind.TOPIC, false, partitions, messages, -1, -1, -1, null, null, -1);
    }

    /** A RabbitMQ queue in vhost "prod" with everything ready and nothing unacknowledged. */
    private static QueueSnapshot queue(String name, long ready, Double deliverRate) {
        return new QueueSnapshot(name, "prod", QueueKind.QUEUE, false, List.of(), ready, ready, 0, -1, null, deliverRate, 1);
    }

    private static GroupSnapshot group(String name, int members, GroupOffset... offsets) {
        return new GroupSnapshot(name, members > 0 ? "Stable" : "Empty", members, List.of(offsets));
    }

    private static GroupOffset offset(String topic, int partition, Long committed, long end) {
        return new GroupOffset(topic, partition, committed, 0, end);
    }
}
