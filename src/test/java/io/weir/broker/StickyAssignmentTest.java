package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickyAssignmentTest {

    @Test
    void firstMemberGetsEveryPartition() {
        assertThat(StickyAssignment.assign(3, List.of("a"), Map.of()))
                .isEqualTo(Map.of(0, "a", 1, "a", 2, "a"));
    }

    @Test
    void joiningMemberTakesOnlyItsShareAndTheOthersKeepTheRest() {
        Map<Integer, String> before = StickyAssignment.assign(6, List.of("a", "b"), Map.of());

        Map<Integer, String> after = StickyAssignment.assign(6, List.of("a", "b", "c"), before);

        assertThat(after.values()).containsOnly("a", "b", "c");
        assertThat(after.values().stream().filter("c"::equals)).hasSize(2);
        long moved = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
        assertThat(moved).isEqualTo(2);
    }

    @Test
    void partitionsOfALeavingMemberGoToTheOthersWhileTheirOwnStay() {
        Map<Integer, String> before = Map.of(0, "a", 1, "b", 2, "c", 3, "a", 4, "b", 5, "c");

        Map<Integer, String> after = StickyAssignment.assign(6, List.of("a", "b"), before);

        before.forEach((p, owner) -> {
            if (!owner.equals("c")) {
                assertThat(after.get(p)).isEqualTo(owner);
            }
        });
        assertThat(after.values().stream().filter("a"::equals)).hasSize(3);
        assertThat(after.values().stream().filter("b"::equals)).hasSize(3);
    }

    @Test
    void moreMembersThanPartitionsLeavesSomeIdle() {
        Map<Integer, String> after = StickyAssignment.assign(2, List.of("a", "b", "c"), Map.of());
        assertThat(after).hasSize(2);
        assertThat(after.values()).doesNotHaveDuplicates();
    }
}
