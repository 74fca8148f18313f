package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static io.weir.monitor.lag.GroupWindowFixture.minute;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StalledCheckTest {

    private final StalledCheck check = new StalledCheck();

    @Test
    void commitStuckWithLagThroughoutIsReported() {
        GroupWindow window = group("billing").partition("orders", 3).ends(1500, 1500, 1510).commits(1200, 1200, 1200).build();

        assertThat(check.reason(window))
                .contains("committed offset on orders-3 stuck at 1,200 for 2 min with 310 messages behind");
    }

    @Test
    void stuckTimeCountsFromBeforeTheWindow() {
        GroupWindow window = group("billing")
                .partition("orders", 3).ends(1500, 1500, 1500).commits(1200, 1200, 1200).commitUnchangedSince(minute(-20))
                .build();

        assertThat(check.reason(window)).hasValueSatisfying(reason -> assertThat(reason).contains("for 22 min"));
    }

    @Test
    void twoPointsAreTooFewToCallItStalled() {
        GroupWindow window = group("billing").partition("orders", 3).ends(1500, 1500).commits(1200, 1200).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void zeroLagAnywhereMeansIdleNotStuck() {
        GroupWindow window = group("billing").partition("orders", 3).ends(1200, 1200, 1250).commits(1200, 1200, 1200).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void movingCommitIsNotStalled() {
        GroupWindow window = group("billing").partition("orders", 3).ends(1500, 1600, 1700).commits(1200, 1201, 1201).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void newlyAddedPartitionWithFewPointsIsNotJudgedYet() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(10, 20, 30, 40).commits(10, 20, 30, 40)
                .partition("orders", 1).ends(50, 50).commits(0, 0)
                .build();

        assertThat(check.reason(window)).isEmpty();
    }
}
