package io.weir.monitor;

import io.weir.monitor.lag.LagTracker;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one {@link LagTracker} of the application, bounded by the {@code weir.monitor.status-*} keys. */
final class LagTrackerProducer {

    private static final String DEFAULT_STATUS_WINDOW = "10m";
    private static final String DEFAULT_STATUS_MAX_POINTS = "60";

    private LagTrackerProducer() {
    }

    /** Lag in time, consumer status and trends, derived from every recorded snapshot. */
    @Produces
    @Singleton
    static LagTracker lagTracker(
            @ConfigProperty(name = "weir.monitor.status-window", defaultValue = DEFAULT_STATUS_WINDOW) Duration window,
            @ConfigProperty(name = "weir.monitor.status-max-points", defaultValue = DEFAULT_STATUS_MAX_POINTS) int maxPoints) {
        return new LagTracker(maxPoints, window);
    }

    /** A lag tracker with the default bounds, as an unconfigured Weir keeps it. */
    static LagTracker defaultLagTracker() {
        return new LagTracker(Integer.parseInt(DEFAULT_STATUS_MAX_POINTS),
                Duration.parse("PT" + DEFAULT_STATUS_WINDOW.toUpperCase(Locale.ROOT)));
    }
}
