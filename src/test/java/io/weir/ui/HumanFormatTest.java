package io.weir.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanFormatTest {

    @Test
    void exactDurationsKeepTheSeconds() {
        assertThat(HumanFormat.exactDuration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(HumanFormat.exactDuration(Duration.ofMillis(590_179))).isEqualTo("9 min 50 s");
        assertThat(HumanFormat.exactDuration(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(HumanFormat.exactDuration(Duration.ofSeconds(7503))).isEqualTo("2 h 5 min 3 s");
        assertThat(HumanFormat.exactDuration(Duration.ofSeconds(3605))).isEqualTo("1 h 5 s");
        assertThat(HumanFormat.exactDuration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
    }

    @Test
    void bytesAreInPowersOf1024SoALimitOf100MiBReadsAs100MiB() {
        assertThat(HumanFormat.bytes(512)).isEqualTo("512 B");
        assertThat(HumanFormat.bytes(1024)).isEqualTo("1 KiB");
        assertThat(HumanFormat.bytes(100L << 20)).isEqualTo("100 MiB");
        assertThat(HumanFormat.bytes((long) (3.4 * (1 << 20)))).isEqualTo("3.4 MiB");
        assertThat(HumanFormat.bytes(12L << 30)).isEqualTo("12 GiB");
    }
}
