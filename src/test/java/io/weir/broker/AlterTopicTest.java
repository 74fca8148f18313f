package io.weir.broker;

import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.log.FlushPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topic "orders" of two partitions, changed while open: more partitions, new settings, forgotten offsets. */
class AlterTopicTest extends BrokerTestCase {

    @BeforeEach
    void ordersTopic() throws Exception {
        broker.createTopic("orders", topic(2));
    }

    @Test
    void addedPartitionsTakeMessagesAndSurviveRestart() throws Exception {
        broker.publish("orders", 1, Brokers.values("old", 2));

        TopicDescription grown = broker.alterTopic("orders", c -> c.withPartitions(5));

        assertThat(grown.partitions()).hasSize(5);
        assertThat(grown.config().partitions()).isEqualTo(5);
        assertThat(broker.publish("orders", 4, Brokers.values("new", 3))).extracting(PublishResult::offset)
                .containsExactly(0L, 1L, 2L);
        Set<Integer> keyed = broker.publish("orders", IntStream.range(0, 40)
                .mapToObj(i -> OutgoingMessage.keyed("key" + i, "v")).toList())
                .stream().map(PublishResult::partition).collect(Collectors.toSet());
        assertThat(keyed).as("keys are routed over all five partitions").contains(2, 3, 4);
        List<PartitionDescription> before = broker.describeTopic("orders").partitions();

        restart();

        TopicDescription reopened = broker.describeTopic("orders");
        assertThat(reopened.partitions()).isEqualTo(before);
        assertThat(broker.read("orders", 4, 0, 10)).extracting(r -> new String(r.value()))
                .startsWith("new0", "new1", "new2");
    }

    @Test
    void partitionsCannotBeRemoved() {
        assertThatThrownBy(() -> broker.alterTopic("orders", c -> c.withPartitions(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be removed");
        assertThat(broker.describeTopic("orders").partitions()).hasSize(2);
    }

    @Test
    void anOrderedGroupHandsAddedPartitionsToItsConsumerAtOnce() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        assertThat(broker.fetch("orders", "billing", "c1", 10, Duration.ZERO)).isEmpty();

        broker.alterTopic("orders", c -> c.withPartitions(3));
        broker.publish("orders", 2, Brokers.values("third", 1));

        assertThat(broker.describeGroup("orders", "billing").assignments()).containsEntry("c1", List.of(0, 1, 2));
        assertThat(broker.fetch("orders", "billing", "c1", 10, Duration.ZERO)).extracting(Brokers::text)
                .containsExactly("third0");
    }

    @Test
    void changedRetentionAndRecordSizeApplyAtOnceAndSurviveRestart() throws Exception {
        broker.alterTopic("orders", c -> c.withRetention(Duration.ofMinutes(5), 4096)
                .withLog(c.log().withMaxRecordBytes(512)));

        assertThatThrownBy(() -> broker.publish("orders", List.of(OutgoingMessage.of("x".repeat(600)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
        restart();
        TopicConfig stored = broker.describeTopic("orders").config();
        assertThat(stored.retentionTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(stored.retentionBytes()).isEqualTo(4096);
        assertThat(stored.log().maxRecordBytes()).isEqualTo(512);
    }

    @Test
    void theFlushPolicyCannotChangeWhileTheTopicIsOpen() {
        assertThatThrownBy(() -> broker.alterTopic("orders", c -> c.withLog(c.log().withFlushPolicy(FlushPolicy.PER_MESSAGE))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(broker.describeTopic("orders").config().log().flushPolicy()).isEqualTo(FlushPolicy.OS);
    }

    @Test
    void forgottenOffsetsResumeAtTheOldestMessageAndAGroupWithNoneLeftIsDeleted() throws Exception {
        broker.publish("orders", 0, Brokers.values("a", 3));
        broker.publish("orders", 1, Brokers.values("b", 3));
        broker.commitExternally("orders", "kafka-app", Map.of(0, 3L, 1, 2L), GroupConfig.ordered());

        broker.forgetOffsets("orders", "kafka-app", Set.of(0));

        assertThat(broker.describeGroup("orders", "kafka-app").committed()).containsEntry(0, 0L).containsEntry(1, 2L);
        restart();
        assertThat(broker.describeGroup("orders", "kafka-app").committed()).containsEntry(0, 0L).containsEntry(1, 2L);

        broker.forgetOffsets("orders", "kafka-app", Set.of(1));

        assertThat(broker.groups("orders")).as("no committed offset left").isEmpty();
    }

    @Test
    void offsetsOfAGroupWithBrokerConsumersAreNotForgotten() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        broker.fetch("orders", "billing", "c1", 1, Duration.ZERO);

        assertThatThrownBy(() -> broker.forgetOffsets("orders", "billing", Set.of(0)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> broker.forgetOffsets("orders", "billing", Set.of(0, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(broker.groups("orders")).hasSize(1);
    }
}
