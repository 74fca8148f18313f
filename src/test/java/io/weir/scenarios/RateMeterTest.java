package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateMeterTest {

    private final AtomicLong millis = new AtomicLong(100_000);
    private final RateMeter meter = new RateMeter(millis::get);

    @Test
    void aMeterYoungerThanItsWindowShowsTheRateOfTheSecondsItLived() {
        meter.record(150);
        millis.addAndGet(1000);
        meter.record(150);
        millis.addAndGet(1000);

        assertThat(meter.perSecond()).isEqualTo(150);
    }

    @Test
    void anOlderMeterAveragesTheLastFiveWholeSeconds() {
        for (int second = 0; second < 10; second++) {
            meter.record(second < 5 ? 1000 : 100);
            millis.addAndGet(1000);
        }

        assertThat(meter.perSecond()).isEqualTo(100);
        assertThat(meter.peakPerSecond()).isEqualTo(1000);
        assertThat(meter.total()).isEqualTo(5500);
    }

    @Test
    void nothingCountedInTheCurrentSecondAloneIsNoRateYet() {
        meter.record(500);

        assertThat(meter.perSecond()).isZero();
    }

    @Test
    void aStoppedConsumerFallsToZero() {
        meter.record(100);
        millis.addAndGet(7000);

        assertThat(meter.perSecond()).isZero();
    }
}
