package io.weir.broker;

import static io.weir.broker.Brokers.T0;
import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One partition, messages 0..9 stamped T0 + i minutes, group committed at 4. */
class OffsetResetTest extends BrokerTestCase {

    @BeforeEach
    void createTopicsAndGroups() throws Exception {
        broker.createTopic("t", topic(1));
        for (int i = 0; i < 10; i++) {
            broker.publish("t", List.of(OutgoingMessage.of("m" + i).withTimestamp(T0.plusSeconds(60L * i))));
        }
        broker.createGroup("t", "g", GroupConfig.ordered().withSessionTimeout(Duration.ofSeconds(10)));
        broker.fetch("t", "g", "setup", 4, Duration.ZERO);
        broker.commit("t", "g", "setup", Map.of(0, 4L));
        broker.leaveGroup("t", "g", "setup");
    }

    @Test
    void planShowsBeforeAndAfterWithoutMovingTheGroup() {
        OffsetResetPlan plan = broker.planOffsetReset("t", "g", OffsetResetSpec.earliest());

        assertThat(plan.partitions()).containsExactly(new OffsetResetPlan.PartitionReset(0, 4, 0, false));
        assertThat(broker.describeGroup("t", "g").committed()).containsEntry(0, 4L);

        broker.applyOffsetReset(plan);
        assertThat(broker.describeGroup("t", "g").committed()).containsEntry(0, 0L);
    }

    @Test
    void eachResetModeMovesToItsTarget() {
        assertThat(after(OffsetResetSpec.latest())).isEqualTo(10);
        assertThat(after(OffsetResetSpec.earliest())).isZero();
        assertThat(after(OffsetResetSpec.toTimestamp(T0.plusSeconds(150)))).isEqualTo(3);
        assertThat(after(OffsetResetSpec.toOffset(0, 7))).isEqualTo(7);
        assertThat(after(OffsetResetSpec.shiftBy(-2))).isEqualTo(2);
        assertThat(after(OffsetResetSpec.shiftBy(3))).isEqualTo(7);
    }

    @Test
    void targetsOutsideTheLogAreClampedAndFlagged() {
        assertThat(broker.planOffsetReset("t", "g", OffsetResetSpec.shiftBy(-100)).partitions())
                .containsExactly(new OffsetResetPlan.PartitionReset(0, 4, 0, true));
        assertThat(broker.planOffsetReset("t", "g", OffsetResetSpec.toOffset(0, 1000)).partitions())
                .containsExactly(new OffsetResetPlan.PartitionReset(0, 4, 10, true));
        assertThat(broker.planOffsetReset("t", "g", OffsetResetSpec.shiftBy(Long.MAX_VALUE)).partitions())
                .containsExactly(new OffsetResetPlan.PartitionReset(0, 4, 10, true));
        assertThat(broker.planOffsetReset("t", "g", OffsetResetSpec.toTimestamp(T0.plusSeconds(3600)))
                .partitions()).containsExactly(new OffsetResetPlan.PartitionReset(0, 4, 10, false));
    }

    @Test
    void resetOfAnOrderedGroupIsWhereTheNextFetchStarts() throws Exception {
        broker.resetOffsets("t", "g", OffsetResetSpec.toOffset(0, 8));
        assertThat(Brokers.texts(broker.fetch("t", "g", "c", 10, Duration.ZERO))).containsExactly("m8", "m9");
    }

    @Test
    void resetOfASharedGroupRedeliversFromTheNewPositionAndSurvivesRestart() throws Exception {
        broker.createGroup("t", "s", GroupConfig.shared(Duration.ofSeconds(30), 5)
                .withSessionTimeout(Duration.ofSeconds(10)));
        for (Delivery d : broker.receive("t", "s", "w", 10, Duration.ZERO)) {
            broker.ack(d.receipt());
        }
        clock.advance(Duration.ofSeconds(11));

        broker.resetOffsets("t", "s", OffsetResetSpec.shiftBy(-3));
        restart();

        assertThat(broker.receive("t", "s", "w", 10, Duration.ZERO))
                .extracting(d -> Brokers.text(d.message())).containsExactly("m7", "m8", "m9");
    }

    @Test
    void resetIsRefusedWhileTheGroupHasActiveConsumers() throws Exception {
        broker.fetch("t", "g", "busy", 1, Duration.ZERO);
        OffsetResetPlan plan = broker.planOffsetReset("t", "g", OffsetResetSpec.earliest());
        assertThatThrownBy(() -> broker.applyOffsetReset(plan)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("busy");
        clock.advance(Duration.ofSeconds(11));
        broker.applyOffsetReset(plan);
        assertThat(broker.describeGroup("t", "g").committed()).containsEntry(0, 0L);
    }

    @Test
    void resetLimitedToSomePartitionsLeavesTheOthers() throws Exception {
        broker.createTopic("wide", topic(3));
        Brokers.publishEach(broker, "wide", Brokers.values("x", 9));
        broker.createGroup("wide", "g", GroupConfig.ordered());
        OffsetResetPlan plan = broker.planOffsetReset("wide", "g", new OffsetResetSpec.Latest(Set.of(1)));
        assertThat(plan.partitions()).containsExactly(new OffsetResetPlan.PartitionReset(1, 0, 3, false));
        assertThatThrownBy(() -> broker.planOffsetReset("wide", "g", new OffsetResetSpec.Latest(Set.of(5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private long after(OffsetResetSpec spec) {
        return broker.planOffsetReset("t", "g", spec).partitions().get(0).after();
    }
}
