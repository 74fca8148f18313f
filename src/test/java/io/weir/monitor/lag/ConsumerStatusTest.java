package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConsumerStatusTest {

    @Test
    void metricCodesAreTheDocumentedOnes() {
        assertThat(Arrays.stream(ConsumerStatus.values()).map(status -> status.name() + "=" + status.code()))
                .containsExactlyInAnyOrder("OK=0", "LAGGING=1", "STALLED=2", "STOPPED=3", "REWOUND=4", "NO_CONSUMERS=5",
                        "DEAD_LETTERS=6");
    }

    @Test
    void rankingIsRewoundThenNoConsumersThenStoppedThenStalledThenDeadLettersThenLaggingThenOk() {
        assertThat(ConsumerStatus.values()).containsExactly(ConsumerStatus.OK, ConsumerStatus.LAGGING,
                ConsumerStatus.DEAD_LETTERS, ConsumerStatus.STALLED,
                ConsumerStatus.STOPPED, ConsumerStatus.NO_CONSUMERS, ConsumerStatus.REWOUND);
    }
}
