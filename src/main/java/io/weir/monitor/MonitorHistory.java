package io.weir.monitor;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.cluster.Leadership;
import io.weir.monitor.history.HistoryArchive;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The monitor's history: recent samples at poll resolution in memory, and one value per minute
 * in the database for longer, written every minute and pruned every hour. Readers get one range
 * that joins both, so charts survive restarts.
 */
@ApplicationScoped
public class MonitorHistory {

    private static final Logger LOG = Logger.getLogger(MonitorHistory.class);

    // The defaults of the weir.history.* keys, in one place for the injection and defaultStore().
    static final String DEFAULT_MEMORY_RETENTION = "6h";
    static final String DEFAULT_MAX_SAMPLES_PER_SERIES = "2160";
    static final String DEFAULT_MAX_SERIES = "50000";
    /**
     * 32 MB of samples: 900 series keep the whole 6 h; 1,000 groups on 10,000 partitions (8,600
     * series) keep about 40 minutes at a 10 s poll, the archive the rest.
     */
    static final String DEFAULT_MAX_SAMPLES = "2000000";

    private final SeriesStore recent;
    private final AgroalDataSource database;
    private final Duration archiveRetention;
    /** Every replica polls and keeps the same history; only the leader archives it, once. */
    private final Leadership leadership;
    private HistoryArchive archive;
    private ScheduledExecutorService archiver;

    MonitorHistory(AgroalDataSource database, Leadership leadership,
            @ConfigProperty(name = "weir.history.memory-retention", defaultValue = DEFAULT_MEMORY_RETENTION) Duration memoryRetention,
            @ConfigProperty(name = "weir.history.max-samples-per-series", defaultValue = DEFAULT_MAX_SAMPLES_PER_SERIES) int maxSamplesPerSeries,
            @ConfigProperty(name = "weir.history.max-series", defaultValue = DEFAULT_MAX_SERIES) int maxSeries,
            @ConfigProperty(name = "weir.history.max-samples", defaultValue = DEFAULT_MAX_SAMPLES) long maxSamples,
            @ConfigProperty(name = "weir.history.archive-retention", defaultValue = "7d") Duration archiveRetention) {
        this.database = database;
        this.leadership = leadership;
        this.archiveRetention = archiveRetention;
        this.recent = new SeriesStore(memoryRetention, maxSamplesPerSeries, maxSeries, maxSamples);
    }

    /** An in-memory history with the default bounds, as an unconfigured Weir keeps it. */
    static SeriesStore defaultStore() {
        return new SeriesStore(Duration.parse("PT" + DEFAULT_MEMORY_RETENTION.toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(DEFAULT_MAX_SAMPLES_PER_SERIES), Integer.parseInt(DEFAULT_MAX_SERIES),
                Long.parseLong(DEFAULT_MAX_SAMPLES));
    }

    void start(@Observes StartupEvent event) throws SQLException {
        archive = new HistoryArchive(database);
        archiver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-history-archiver");
            thread.setDaemon(true);
            return thread;
        });
        archiver.scheduleAtFixedRate(this::archiveNow, 1, 1, TimeUnit.MINUTES);
        archiver.scheduleAtFixedRate(this::pruneNow, 5, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (archiver != null) {
            archiver.shutdownNow();
        }
    }

    /** The in-memory part: appends and the latest values (rates, alert rules) go here. */
    public SeriesStore recent() {
        return recent;
    }

    /** Samples of a series in {@code [from, to]}: archived minutes before the oldest sample still in memory, then memory. */
    public List<Sample> range(SeriesKey key, long fromMillis, long toMillis) {
        List<Sample> inMemory = recent.range(key, fromMillis, toMillis);
        long archivedUntil = inMemory.isEmpty() ? toMillis : inMemory.get(0).timeMillis() - 1;
        List<Sample> merged = new ArrayList<>();
        if (archive != null && fromMillis <= archivedUntil) {
            try {
                merged.addAll(archive.range(key, fromMillis, archivedUntil));
            } catch (SQLException e) {
                LOG.warnf("Cannot read archived history of %s: %s", key, e.getMessage());
            }
        }
        merged.addAll(inMemory);
        return merged;
    }

    void archiveNow() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            archive.archive(recent, System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not archive history this minute (it will catch up): %s", e.getMessage());
        }
    }

    private void pruneNow() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            archive.prune(archiveRetention, System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not prune archived history: %s", e.getMessage());
        }
    }
}
