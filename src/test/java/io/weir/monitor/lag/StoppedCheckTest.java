package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static io.weir.monitor.lag.GroupWindowFixture.minute;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoppedCheckTest {

    private final StoppedCheck check = new StoppedCheck();

    @Test
    void noCommitForLongerThanTheWindowWhileMessagesArriveIsReported() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(5))
                .partition("orders", 3).ends(1000, 2000, 3000, 4000, 5000, 5210).commits(800, 800, 800, 800, 800, 800)
                .commitUnchangedSince(minute(-1))
                .build();

        assertThat(check.reason(window))
                .contains("no commits on orders-3 for 6 min while 4,210 messages arrived in the last 5 min");
    }

    @Test
    void membersDoNotMatter() {
        GroupWindow window = group("billing").members(0).window(Duration.ofMinutes(2))
                .partition("orders", 3).ends(1, 2, 3).commits(1, 1, 1).commitUnchangedSince(minute(-1))
                .build();

        assertThat(check.reason(window)).isPresent();
    }

    @Test
    void unchangedForExactlyTheWindowIsNotYetStopped() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(2))
                .partition("orders", 3).ends(1, 2, 3).commits(1, 1, 1)
                .build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void quietTopicIsNotStopped() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(2))
                .partition("orders", 3).ends(9, 9, 9).commits(1, 1, 1).commitUnchangedSince(minute(-10))
                .build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void movingCommitsAreNotStopped() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(2))
                .partition("orders", 3).ends(10, 20, 30).commits(5, 15, 25)
                .build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void partitionWithoutCommitsIsNotStopped() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(1)).partition("orders", 3).ends(10, 20, 30).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void onePartitionStoppedAmongMovingOnesIsReported() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(2))
                .partition("orders", 0).ends(10, 20, 30).commits(5, 15, 25)
                .partition("orders", 1).ends(10, 20, 30).commits(5, 5, 5).commitUnchangedSince(minute(-5))
                .build();

        assertThat(check.reason(window))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("no commits on orders-1 for 7 min"));
    }
}
