package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaggingCheckTest {

    private final LaggingCheck check = new LaggingCheck();

    @Test
    void growingLagWhileCommitsMoveIsReported() {
        GroupWindow window = group("billing").partition("orders", 3).ends(220, 500, 900).commits(100, 300, 340).build();

        assertThat(check.reason(window)).contains(
                "lag on orders-3 did not shrink in 2 min (120 to 560 messages) although the group keeps committing");
    }

    @Test
    void steadyLagWhileCommitsMoveIsReported() {
        GroupWindow window = group("billing").partition("orders", 3).ends(200, 300, 400).commits(100, 200, 300).build();

        assertThat(check.reason(window)).isPresent();
    }

    @Test
    void anyShrinkingStepClearsIt() {
        GroupWindow window = group("billing").partition("orders", 3).ends(200, 300, 400, 500).commits(100, 150, 350, 360).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void zeroLagAnywhereClearsIt() {
        GroupWindow window = group("billing").partition("orders", 3).ends(100, 300, 500).commits(100, 150, 300).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void twoPointsAreTooFew() {
        GroupWindow window = group("billing").partition("orders", 3).ends(200, 500).commits(100, 300).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void commitsThatDoNotMoveAreLeftToTheStalledCheck() {
        GroupWindow window = group("billing").partition("orders", 3).ends(200, 300, 400).commits(100, 100, 100).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void addedPartitionWithOnePointDoesNotHideALaggingOne() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(200, 300, 400).commits(100, 200, 300)
                .partition("orders", 1).ends(50).commits(0)
                .build();

        assertThat(check.reason(window)).hasValueSatisfying(reason -> assertThat(reason).startsWith("lag on orders-0 "));
    }
}
