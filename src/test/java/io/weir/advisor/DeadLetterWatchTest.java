package io.weir.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ClusterHealth;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static SourceSnapshot dlq(long messages, Duration at) {
        QueueSnapshot queue = new QueueSnapshot("orders.dlq", "/", QueueSnapshot.QueueKind.QUEUE, true, List.of(),
                messages, messages, 0, 0, null, null, 0);
        ClusterHealth health = new ClusterHealth("c", "1", null, List.of(), 0, 0, 0, List.of(), Map.of());
        return SourceSnapshot.up("src", SourceKind.RABBITMQ, "x", T0.plus(at), Duration.ZERO,
                new BrokerSnapshot(health, List.of(queue), List.of()));
    }

    @Test
    void queueThatReceivesAndNeverShrinksIsUndrainedSinceItFirstHeldMessages() {
        DeadLetterWatch watch = new DeadLetterWatch();
        watch.record(dlq(2, Duration.ZERO));
        watch.record(dlq(5, Duration.ofMinutes(30)));
        watch.record(dlq(5, Duration.ofMinutes(60)));
        assertEquals(Map.of("//orders.dlq", Duration.ofMinutes(90)), watch.undrained(T0.plus(Duration.ofMinutes(90))));
    }

    @Test
    void queueHoldingOldMessagesWithoutReceivingIsNotUndrained() {
        DeadLetterWatch watch = new DeadLetterWatch();
        watch.record(dlq(5, Duration.ZERO));
        watch.record(dlq(5, Duration.ofHours(3)));
        assertEquals(Map.of(), watch.undrained(T0.plus(Duration.ofHours(3))));
    }

    @Test
    void shrinkingRestartsTheClock() {
        DeadLetterWatch watch = new DeadLetterWatch();
        watch.record(dlq(1, Duration.ZERO));
        watch.record(dlq(8, Duration.ofMinutes(10)));
        watch.record(dlq(3, Duration.ofMinutes(20)));
        assertEquals(Map.of(), watch.undrained(T0.plus(Duration.ofMinutes(30))));
        watch.record(dlq(4, Duration.ofMinutes(40)));
        assertEquals(Map.of("//orders.dlq", Duration.ofMinutes(30)), watch.undrained(T0.plus(Duration.ofMinutes(50))));
    }
}
