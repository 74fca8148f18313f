package io.weir.monitor;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.time.Instant;

/**
 * What Weir does with every snapshot, wired as the application wires it and with its default
 * bounds, but without Quarkus: history, lag tracker and the Prometheus registry behind
 * {@code /q/metrics}. For the benchmark, which measures the memory that polling and recording
 * hold together. Not thread-safe: one source, one caller.
 */
public final class RecordingPipeline {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SeriesStore history = MonitorHistory.defaultStore();
    private final SnapshotRecorder recorder =
            new SnapshotRecorder(new MonitorMetrics(registry), history, LagTrackerProducer.defaultLagTracker());

    public void record(SourceSnapshot snapshot) {
        recorder.record(snapshot);
    }

    /**
     * Records the latest value of every series in the history again at {@code at}, as a poll
     * that saw nothing change would, without deriving them anew: fills the history towards its
     * bounds in a fraction of the time full recordings take.
     */
    public void repeatLatest(Instant at) {
        for (SeriesKey key : history.keys(key -> true)) {
            history.latest(key).ifPresent(sample -> history.append(key, at.toEpochMilli(), sample.value()));
        }
    }

    /** The text a Prometheus scrape of {@code /q/metrics} would get. */
    public String scrape() {
        return registry.scrape();
    }

    /** The in-memory history the alert rules read. */
    public SeriesStore history() {
        return history;
    }

    public int historySeries() {
        return history.seriesCount();
    }

    public long historyBytes() {
        return history.footprintBytes();
    }
}
