package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoConsumersCheckTest {

    private final NoConsumersCheck check = new NoConsumersCheck();

    @Test
    void emptyGroupWhileMessagesArriveIsReported() {
        GroupWindow window = group("billing").members(0)
                .partition("orders", 0).ends(1000, 2000, 3000).commits(900, 900, 900)
                .partition("orders", 1).ends(10, 10, 1220).commits(10, 10, 10)
                .partition("refunds", 0).ends(5, 5, 5).commits(5, 5, 5)
                .build();

        assertThat(check.reason(window))
                .contains("no consumers in the group while 3,210 messages arrived on orders in the last 2 min");
    }

    @Test
    void groupWithMembersIsNotReported() {
        GroupWindow window = group("billing").members(1).partition("orders", 0).ends(1000, 2000, 3000)
                .commits(900, 900, 900).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void emptyGroupOnQuietTopicsIsNotReported() {
        GroupWindow window = group("billing").members(0).partition("orders", 0).ends(1000, 1000, 1000)
                .commits(900, 900, 900).build();

        assertThat(check.reason(window)).isEmpty();
    }

    @Test
    void aSingleEndPointShowsNoArrivals() {
        assertThat(check.reason(group("billing").members(0).partition("orders", 0).ends(1000).commits(900).build())).isEmpty();
    }

    @Test
    void arrivalsOnAPartitionWithoutCommitsCount() {
        GroupWindow window = group("billing").members(0).partition("orders", 7).ends(0, 40).build();

        assertThat(check.reason(window))
                .contains("no consumers in the group while 40 messages arrived on orders in the last 1 min");
    }
}
