package io.weir.monitor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.monitor.lag.LagTracker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The words the overview and the queue page use for a backlog's trend. */
class QueueTrendTextTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final LagTracker tracker = new LagTracker();

    @Test
    void queueGrowingTowardsItsLimitSaysWhenItReachesIt() {
        QueueSnapshot last = recordBacklogs(1000, 100, 200, 300);
        // 10 msg/s with 700 messages of room: 70 s, shown in whole minutes.
        assertThat(OverviewView.trend(tracker, new OverviewView.QueueRow("rabbit", last)))
                .isEqualTo("growing 10/s, reaches its limit in ~1 min");
    }

    @Test
    void queueAtItsLimitSaysSo() {
        QueueSnapshot last = recordBacklogs(300, 100, 200, 300);
        assertThat(OverviewView.trend(tracker, new OverviewView.QueueRow("rabbit", last))).endsWith(", at its limit of 300");
    }

    @Test
    void queueWithoutALimitOnlyGivesItsDirection() {
        QueueSnapshot last = recordBacklogs(-1, 300, 200, 100);
        assertThat(OverviewView.trend(tracker, new OverviewView.QueueRow("rabbit", last))).startsWith("shrinking 10/s")
                .contains("drains in").doesNotContain("limit");
    }

    /** Records one queue with these backlogs 10 s apart and returns its last snapshot. */
    private QueueSnapshot recordBacklogs(long limit, long... backlogs) {
        QueueSnapshot queue = null;
        for (int i = 0; i < backlogs.length; i++) {
            queue = new QueueSnapshot("orders", "/", QueueSnapshot.QueueKind.QUEUE, false, List.of(), backlogs[i],
                    backlogs[i], 0, -1, null, null, 1, limit);
            ClusterHealth health = new ClusterHealth("c1", "3.10", "n1", List.of(NodeSnapshot.basic("n1", "rabbit", true)),
                    0, 0, 0, List.of(), Map.of());
            tracker.record("rabbit", T0.plusSeconds(10L * i), new BrokerSnapshot(health, List.of(queue), List.of()));
        }
        return queue;
    }
}
