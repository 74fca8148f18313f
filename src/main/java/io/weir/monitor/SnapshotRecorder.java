package io.weir.monitor;

import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
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

    @Inject
    SnapshotRecorder(MonitorMetrics metrics, MonitorHistory history, LagTracker lagTracker) {
        this(metrics, history.recent(), lagTracker);
    }

    /** For tests: a recorder over a history of its own. */
    SnapshotRecorder(MonitorMetrics metrics, SeriesStore history, LagTracker lagTracker) {
        this.metrics = metrics;
        this.history = history;
        this.lagTracker = lagTracker;
    }

    /** Lag in time, consumer status and trends, derived from every recorded snapshot. */
    @Produces
    @Singleton
    static LagTracker lagTracker(
            @ConfigProperty(name = "weir.monitor.status-window", defaultValue = "10m") Duration window,
            @ConfigProperty(name = "weir.monitor.status-max-points", defaultValue = "60") int maxPoints) {
        return new LagTracker(maxPoints, window);
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
        Map<SeriesKey, Double> series = new HashMap<>(SnapshotSeries.of(snapshot));
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
