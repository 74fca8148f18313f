package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLettersCheckTest {

    private final DeadLettersCheck check = new DeadLettersCheck();

    @Test
    void deadLetterQueueHoldingMessagesIsReportedWithItsCountAndName() {
        GroupWindow window = group("billing").deadLetters("orders.billing.dlq", 1250)
                .partition("orders", 0).ends(10, 10, 10).commits(10, 10, 10).build();

        assertThat(check.reason(window))
                .contains("1,250 messages in its dead-letter queue orders.billing.dlq, not processed until replayed");
    }

    @Test
    void oneDeadLetterIsCountedInTheSingular() {
        assertThat(check.reason(group("billing").deadLetters("orders.billing.dlq", 1).build()))
                .contains("1 message in its dead-letter queue orders.billing.dlq, not processed until replayed");
    }

    @Test
    void emptyDeadLetterQueueIsNotReported() {
        assertThat(check.reason(group("billing").deadLetters("orders.billing.dlq", 0).build())).isEmpty();
    }

    @Test
    void groupWithoutADeadLetterQueueIsNotReported() {
        assertThat(check.reason(group("billing").partition("orders", 0).ends(10, 20, 30).commits(0, 0, 0).build())).isEmpty();
    }
}
