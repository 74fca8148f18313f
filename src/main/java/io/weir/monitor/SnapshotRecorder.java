package io.weir.monitor;

import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.weir.monitor.lag.LagTracker;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happens to every snapshot: its series go into the history, the signals derived from
 * history (rates) are added, and the result is exported as metrics. Called on the polling thread
 * of the snapshot's source; different sources may record concurrently.
 */
@ApplicationScoped
public class SnapshotRecorder {

    private final SeriesStore history;
    private final MonitorMetrics metrics;
    private final LagTracker lagTracker;
    private final Set<String> partitionSeriesSources;

    @Inject
    SnapshotRecorder(MonitorMetrics metrics, MonitorHistory history, LagTracker lagTracker, SourceRegistry sources) {
        this(metrics, history.recent(), lagTracker, sources.sources().stream().map(BrokerSource::settings)
                .filter(SourceSettings::partitionMetrics).map(SourceSettings::name).collect(Collectors.toSet()));
    }

    /** For tests: a recorder over a history of its own, without series per partition. */
    SnapshotRecorder(MonitorMetrics metrics, SeriesStore history, LagTracker lagTracker) {
        this(metrics, history, lagTracker, Set.of());
    }

    /** @param partitionSeriesSources the sources whose series per partition are recorded too */
    SnapshotRecorder(MonitorMetrics metrics, SeriesStore history, LagTracker lagTracker,
            Set<String> partitionSeriesSources) {
        this.metrics = metrics;
        this.history = history;
        this.lagTracker = lagTracker;
        this.partitionSeriesSources = Set.copyOf(partitionSeriesSources);
    }

    private static final String DEFAULT_STATUS_WINDOW = "10m";
    private static final String DEFAULT_STATUS_MAX_POINTS = "60";

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
                Duration.parse("PT" + DEFAULT_STATUS_WINDOW.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The in-memory history (rates, alert rules). */
    public SeriesStore history() {
        return history;
    }

    void record(SourceSnapshot snapshot) {
        long at = snapshot.takenAt().toEpochMilli();
        if (snapshot.isUp()) {
            lagTracker.record(snapshot.source(), snapshot.takenAt(), snapshot.broker());
        }
        Map<SeriesKey, Double> series = new HashMap<>(SnapshotSeries.of(snapshot,
                partitionSeriesSources.contains(snapshot.source())));
        series.forEach((key, value) -> history.append(key, at, value));
        Map<SeriesKey, Double> derived = TopicRates.of(series, history);
        derived.putAll(ConsumerSignals.of(snapshot, lagTracker));
        derived.forEach((key, value) -> history.append(key, at, value));
        series.putAll(derived);
        history.retainOnly(key -> snapshot.source().equals(key.label("source")), Set.copyOf(series.keySet()));
        metrics.record(snapshot, series);
    }

    /** The per-second increase of a broker counter over its last two samples, or null. */
    static Double lastRate(SeriesStore history, SeriesKey key) {
        List<Sample> samples = history.last(key, 2);
        if (samples.size() < 2) {
            return null;
        }
        Sample previous = samples.get(0);
        Sample last = samples.get(1);
        double increase = last.value() - previous.value();
        if (increase < 0) {
            return null; // the counter was reset (topic recreated, offsets rewound)
        }
        return increase * 1000.0 / (last.timeMillis() - previous.timeMillis());
    }
}
