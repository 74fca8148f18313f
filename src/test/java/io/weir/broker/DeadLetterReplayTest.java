package io.weir.broker;

import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.log.LogRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two messages of topic "jobs" dead-lettered by group "workers" (one attempt allowed). */
class DeadLetterReplayTest extends BrokerTestCase {

    @BeforeEach
    void createTopicsAndGroups() throws Exception {
        broker.createTopic("jobs", topic(2));
        broker.createGroup("jobs", "workers", GroupConfig.shared(Duration.ofSeconds(30), 1));
        broker.publish("jobs", List.of(OutgoingMessage.keyed("a", "first").withHeaders(Map.of("trace", "t1")),
                OutgoingMessage.keyed("b", "second")));
        for (Delivery d : broker.receive("jobs", "workers", "w", 10, Duration.ZERO)) {
            broker.nack(d.receipt(), "failed");
        }
        broker.createGroup("jobs", "watcher", GroupConfig.ordered());
        broker.resetOffsets("jobs", "watcher", OffsetResetSpec.latest());
    }

    @Test
    void moveRepublishesEachDeadLetterOnceToItsOriginalPartition() throws Exception {
        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(2);

        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.MOVE, 100)).isEqualTo(2);

        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isZero();
        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.MOVE, 100)).isZero();
        List<ConsumedMessage> replayed = broker.fetch("jobs", "watcher", "w", 10, Duration.ZERO);
        assertThat(replayed).extracting(Brokers::text).containsExactlyInAnyOrder("first", "second");
        LogRecord first = replayed.stream().filter(m -> Brokers.text(m).equals("first")).findFirst().orElseThrow()
                .record();
        assertThat(first.headers()).containsExactly(Map.entry("trace", "t1"));
        assertThat(broker.receive("jobs", "workers", "w", 10, Duration.ZERO)).hasSize(2)
                .allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
    }

    @Test
    void copyRepublishesAndKeepsTheDeadLettersForAnotherReplay() {
        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.COPY, 100)).isEqualTo(2);
        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.COPY, 1)).isEqualTo(1);

        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(2);
        assertThat(broker.describeTopic("jobs").messages()).isEqualTo(2 + 3);
    }

    @Test
    void movedPositionSurvivesRestart() throws IOException {
        broker.replayDeadLetters("jobs", "workers", ReplayMode.MOVE, 1);
        restart();

        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(1);
        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.MOVE, 100)).isEqualTo(1);
    }
}
