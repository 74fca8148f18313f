package io.weir.monitor;

import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import io.weir.monitor.lag.LagTracker;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happens to every snapshot, in one direction: its series, the series derived from them
 * (topic rates from this poll's counters and the previous poll's, consumer lag and status from
 * the lag tracker), then all of them into the history at once and out as metrics. Nothing is
 * read back from the history. Called on the polling thread of the snapshot's source; different
 * sources may record concurrently.
 */
@ApplicationScoped
public class SnapshotRecorder {

    private final SeriesStore history;
    private final MonitorMetrics metrics;
    private final TopicRates topicRates = new TopicRates();
    private final ConsumerSignals consumerSignals;
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
        this.consumerSignals = new ConsumerSignals(lagTracker);
        this.partitionSeriesSources = Set.copyOf(partitionSeriesSources);
    }

    /** The in-memory history (rates, alert rules). */
    public SeriesStore history() {
        return history;
    }

    void record(SourceSnapshot snapshot) {
        long at = snapshot.takenAt().toEpochMilli();
        Map<SeriesKey, Double> series = new HashMap<>(SnapshotSeries.of(snapshot,
                partitionSeriesSources.contains(snapshot.source())));
        series.putAll(topicRates.next(snapshot.source(), at, series));
        series.putAll(consumerSignals.record(snapshot));
        series.forEach((key, value) -> history.append(key, at, value));
        history.retainOnly(key -> snapshot.source().equals(key.label("source")), Set.copyOf(series.keySet()));
        metrics.record(snapshot, series);
    }
}
