package io.weir.monitor.lag;

import static io.weir.monitor.lag.GroupWindowFixture.group;
import static io.weir.monitor.lag.GroupWindowFixture.minute;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerStatusEvaluatorTest {

    @Test
    void groupThatKeepsUpIsOkWithItsLargestLag() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(100, 200, 300).commits(100, 190, 300)
                .partition("orders", 1).ends(100, 200, 300).commits(100, 200, 288)
                .build();

        assertThat(ConsumerStatusEvaluator.evaluate(window)).isEqualTo(
                new ConsumerStatusResult(ConsumerStatus.OK, "no problem found; largest lag is 12 messages on orders-1"));
    }

    @Test
    void groupWithoutCommitsIsOkWithNothingToJudge() {
        GroupWindow window = group("billing").partition("orders", 0).ends(100).build();

        assertThat(ConsumerStatusEvaluator.evaluate(window))
                .isEqualTo(new ConsumerStatusResult(ConsumerStatus.OK, "no committed offsets to judge yet"));
    }

    @Test
    void rewindWinsOverEverythingElse() {
        GroupWindow window = group("billing").members(0).window(Duration.ofMinutes(2))
                .partition("orders", 0).ends(100, 200, 300).commits(90, 90, 90).commitUnchangedSince(minute(-5))
                .partition("orders", 1).ends(100, 200, 300).commits(90, 50, 60)
                .build();

        assertThat(ConsumerStatusEvaluator.evaluate(window).status()).isEqualTo(ConsumerStatus.REWOUND);
    }

    @Test
    void noConsumersWinsOverStopped() {
        GroupWindow window = group("billing").members(0).window(Duration.ofMinutes(2))
                .partition("orders", 0).ends(100, 200, 300).commits(90, 90, 90).commitUnchangedSince(minute(-5))
                .build();

        assertThat(ConsumerStatusEvaluator.evaluate(window).status()).isEqualTo(ConsumerStatus.NO_CONSUMERS);
    }

    @Test
    void stoppedWinsOverStalled() {
        GroupWindow window = group("billing").window(Duration.ofMinutes(2))
                .partition("orders", 0).ends(100, 200, 300).commits(90, 90, 90).commitUnchangedSince(minute(-5))
                .build();

        assertThat(ConsumerStatusEvaluator.evaluate(window).status()).isEqualTo(ConsumerStatus.STOPPED);
    }

    @Test
    void stalledWinsOverLagging() {
        GroupWindow window = group("billing")
                .partition("orders", 0).ends(200, 300, 400).commits(100, 200, 300)
                .partition("orders", 1).ends(200, 200, 200).commits(100, 100, 100)
                .build();

        assertThat(ConsumerStatusEvaluator.evaluate(window))
                .isEqualTo(new ConsumerStatusResult(ConsumerStatus.STALLED,
                        "committed offset on orders-1 stuck at 100 for 2 min with 100 messages behind"));
    }

    @Test
    void deadLettersWinOverLaggingAndStalledWinsOverDeadLetters() {
        GroupWindow lagging = group("billing").deadLetters("orders.billing.dlq", 7)
                .partition("orders", 0).ends(200, 300, 400).commits(100, 200, 300).build();
        GroupWindow stalled = group("billing").deadLetters("orders.billing.dlq", 7)
                .partition("orders", 0).ends(200, 200, 200).commits(100, 100, 100).build();

        assertThat(ConsumerStatusEvaluator.evaluate(lagging)).isEqualTo(new ConsumerStatusResult(ConsumerStatus.DEAD_LETTERS,
                "7 messages in its dead-letter queue orders.billing.dlq, not processed until replayed"));
        assertThat(ConsumerStatusEvaluator.evaluate(stalled).status()).isEqualTo(ConsumerStatus.STALLED);
    }

    @Test
    void laggingAloneIsLagging() {
        GroupWindow window = group("billing").partition("orders", 0).ends(200, 300, 400).commits(100, 200, 300).build();

        assertThat(ConsumerStatusEvaluator.evaluate(window).status()).isEqualTo(ConsumerStatus.LAGGING);
    }
}
