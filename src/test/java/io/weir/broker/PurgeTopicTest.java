package io.weir.broker;

import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topic "jobs" of two partitions with three messages, one of them dead-lettered by group "workers". */
class PurgeTopicTest extends BrokerTestCase {

    @BeforeEach
    void topicWithADeadLetter() throws Exception {
        broker.createTopic("jobs", topic(2));
        broker.createGroup("jobs", "reader", GroupConfig.ordered());
        broker.createGroup("jobs", "workers", GroupConfig.shared(Duration.ofSeconds(30), 1));
        broker.publish("jobs", List.of(OutgoingMessage.keyed("a", "one"), OutgoingMessage.keyed("b", "two"),
                OutgoingMessage.keyed("c", "three")));
        Delivery first = broker.receive("jobs", "workers", "w", 1, Duration.ZERO).get(0);
        broker.nack(first.receipt(), "failed");
    }

    @Test
    void purgeDeletesEveryStoredMessageAndGroupsContinueFromTheEnd() throws Exception {
        long ends = broker.describeTopic("jobs").partitions().stream().mapToLong(PartitionDescription::endOffset).sum();

        assertThat(broker.purgeTopic("jobs")).isEqualTo(3);

        assertThat(broker.describeTopic("jobs").messages()).isZero();
        assertThat(broker.describeTopic("jobs").partitions()).allSatisfy(p -> assertThat(p.startOffset()).isEqualTo(p.endOffset()));
        assertThat(broker.describeTopic("jobs").partitions().stream().mapToLong(PartitionDescription::endOffset).sum())
                .isEqualTo(ends);
        assertThat(broker.describeGroup("jobs", "reader").lag().values()).allMatch(lag -> lag == 0);
        assertThat(broker.fetch("jobs", "reader", "r", 10, Duration.ZERO)).isEmpty();
        broker.publish("jobs", List.of(OutgoingMessage.keyed("a", "after")));
        assertThat(broker.fetch("jobs", "reader", "r", 10, Duration.ZERO)).extracting(Brokers::text).containsExactly("after");
    }

    @Test
    void aPurgeSurvivesRestart() throws Exception {
        broker.purgeTopic("jobs");
        restart();

        assertThat(broker.describeTopic("jobs").messages()).isZero();
        assertThat(broker.purgeTopic("jobs")).isZero();
    }

    @Test
    void purgingADeadLetterTopicLeavesItsGroupNothingToReplay() throws Exception {
        String dlq = "jobs.workers.dlq";
        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(1);

        assertThat(broker.purgeTopic(dlq)).isEqualTo(1);

        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isZero();
        assertThat(broker.replayDeadLetters("jobs", "workers", ReplayMode.MOVE, 100)).isZero();
        restart();
        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isZero();
        Delivery next = broker.receive("jobs", "workers", "w", 1, Duration.ZERO).get(0);
        broker.nack(next.receipt(), "failed again");
        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(1);
    }

    @Test
    void purgingATopicThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> broker.purgeTopic("nothing")).isInstanceOf(UnknownTopicException.class);
    }
}
