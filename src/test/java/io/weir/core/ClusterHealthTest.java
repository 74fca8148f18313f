package io.weir.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {

    @Test
    void healthyClusterHasNoProblems() {
        ClusterHealth health = new ClusterHealth("c", "3.7", null, List.of(node("1", true)), 0, 0, 0, List.of(),
                Map.of("alarms", true));

        assertThat(health.problems()).isEmpty();
    }

    @Test
    void everyProblemIsNamedOnceAlarmsFirst() {
        ClusterHealth health = new ClusterHealth("c", "3.7", null, List.of(node("1", true), node("2", false)),
                3, 1, 2, List.of("disk alarm on rabbit@a"), Map.of("local-alarms", false));

        assertThat(health.problems()).containsExactly("disk alarm on rabbit@a", "1 node down", "2 offline partitions",
                "3 under-replicated partitions", "1 partitions under min ISR", "health check local-alarms failing");
    }

    private static NodeSnapshot node(String id, boolean up) {
        return new NodeSnapshot(id, "host-" + id, up, List.of(), -1, -1, -1, -1, -1, -1, -1, -1);
    }
}
