package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReasonTextTest {

    @Test
    void countsHaveThousandsSeparators() {
        assertThat(ReasonText.count(4210)).isEqualTo("4,210");
        assertThat(ReasonText.count(12)).isEqualTo("12");
    }

    @Test
    void durationsUseTheLargestSensibleUnit() {
        assertThat(ReasonText.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(ReasonText.duration(Duration.ofSeconds(6 * 60 + 59))).isEqualTo("6 min");
        assertThat(ReasonText.duration(Duration.ofMinutes(60))).isEqualTo("1 h");
        assertThat(ReasonText.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }

    @Test
    void timesAreInUtc() {
        assertThat(ReasonText.time(Instant.parse("2026-03-02T10:04:12.345Z"))).isEqualTo("10:04:12 UTC");
    }
}
