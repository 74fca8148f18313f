package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewoundCheckTest {

    private final RewoundCheck check = new RewoundCheck();

    @Test
    void commitGoingBackIsReportedWithBothOffsetsAndTheTime() {
        GroupWindow window = group("billing").partition("orders", 3).ends(1300, 1400, 1500).commits(1000, 1200, 800).build();

        assertThat(check.reason(window)).contains("committed offset on orders-3 went back from 1,200 to 800 at 10:02:00 UTC");
    }

    @Test
    void commitsMovingForwardOrStandingStillAreNotARewind() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(100, 200, 300).commits(50, 150, 250)
                .partition("orders", 1).ends(100, 100, 100).commits(90, 90, 90)
                .build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void aSingleCommitPointCannotRewind() {
        assertThat(check.reason(group("billing").partition("orders", 0).ends(100).commits(50).build())).isEmpty();
    }

    @Test
    void theMostRecentRewindIsReportedAndTheOthersCounted() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(500, 500, 500, 500).commits(400, 100, 200, 300)
                .partition("orders", 1).ends(500, 500, 500, 500).commits(400, 400, 450, 10)
                .build();

        assertThat(check.reason(window)).contains(
                "committed offset on orders-1 (and 1 more partition) went back from 450 to 10 at 10:03:00 UTC");
    }

    @Test
    void aRewindAtTheOldestStepStillCounts() {
        GroupWindow window = group("billing").partition("orders", 0).ends(900, 900, 900).commits(800, 700, 750).build();

        assertThat(check.reason(window)).isPresent();
    }
}
