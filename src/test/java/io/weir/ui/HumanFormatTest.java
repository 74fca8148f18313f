package io.weir.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanFormatTest {

    @Test
    void bytesAreInPowersOf1024SoALimitOf100MiBReadsAs100MiB() {
        assertThat(HumanFormat.bytes(512)).isEqualTo("512 B");
        assertThat(HumanFormat.bytes(1024)).isEqualTo("1 KiB");
        assertThat(HumanFormat.bytes(100L << 20)).isEqualTo("100 MiB");
        assertThat(HumanFormat.bytes((long) (3.4 * (1 << 20)))).isEqualTo("3.4 MiB");
        assertThat(HumanFormat.bytes(12L << 30)).isEqualTo("12 GiB");
    }
}
