package io.weir.monitor.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Recent history of every series at poll resolution, in memory. Bounded three times: each series
 * keeps at most the retention window and at most {@code maxSamplesPerSeries}; at most
 * {@code maxSeries} series exist; and all series together hold room for at most
 * {@code maxSamples} samples (16 bytes each). Series grow as they fill; once the total is
 * reached, a series that is full drops its oldest sample instead of growing, so a large cluster
 * keeps a shorter recent history in memory (the archive still has one value per minute) rather
 * than more memory. Series of objects that disappear are dropped by {@link #retainOnly}, and
 * their room returns to the total.
 */
public final class SeriesStore {

    private final Duration retention;
    private final int maxSamplesPerSeries;
    private final int maxSeries;
    private final SampleRing.Room room;
    private final Map<SeriesKey, SampleRing> series = new ConcurrentHashMap<>();
    private final AtomicLong refusedSeries = new AtomicLong();

    /** A store without a bound on the samples of all series together. */
    public SeriesStore(Duration retention, int maxSamplesPerSeries, int maxSeries) {
        this(retention, maxSamplesPerSeries, maxSeries, Long.MAX_VALUE);
    }

    public SeriesStore(Duration retention, int maxSamplesPerSeries, int maxSeries, long maxSamples) {
        this.retention = retention;
        this.maxSamplesPerSeries = maxSamplesPerSeries;
        this.maxSeries = maxSeries;
        this.room = new SampleRing.Room(maxSamples);
    }

    /** Records a value; a new series beyond {@code maxSeries} is refused and counted. */
    public void append(SeriesKey key, long timeMillis, double value) {
        SampleRing ring = series.get(key);
        if (ring == null) {
            if (series.size() >= maxSeries) {
                refusedSeries.incrementAndGet();
                return;
            }
            ring = series.computeIfAbsent(key, k -> new SampleRing(maxSamplesPerSeries, room));
        }
        ring.append(timeMillis, value, timeMillis - retention.toMillis());
    }

    public List<Sample> range(SeriesKey key, long fromMillis, long toMillis) {
        SampleRing ring = series.get(key);
        return ring == null ? List.of() : ring.range(fromMillis, toMillis);
    }

    /** The last {@code count} samples of a series, oldest first; cheap whatever the history length. */
    public List<Sample> last(SeriesKey key, int count) {
        SampleRing ring = series.get(key);
        return ring == null ? List.of() : ring.last(count);
    }

    public Optional<Sample> latest(SeriesKey key) {
        SampleRing ring = series.get(key);
        return Optional.ofNullable(ring == null ? null : ring.latest());
    }

    /** Every series whose key matches, e.g. all series of one metric name. */
    public List<SeriesKey> keys(Predicate<SeriesKey> matches) {
        return series.keySet().stream().filter(matches).toList();
    }

    /**
     * Drops the series of {@code scope} (e.g. one source's) that are not in {@code current}: the
     * objects behind them no longer exist, and they must not linger as ghosts.
     */
    public void retainOnly(Predicate<SeriesKey> scope, Set<SeriesKey> current) {
        series.entrySet().removeIf(entry -> {
            boolean gone = scope.test(entry.getKey()) && !current.contains(entry.getKey());
            if (gone) {
                entry.getValue().release();
            }
            return gone;
        });
    }

    public int seriesCount() {
        return series.size();
    }

    /** Series refused because {@code maxSeries} was reached, since start. */
    public long refusedSeries() {
        return refusedSeries.get();
    }

    public long footprintBytes() {
        return series.values().stream().mapToLong(SampleRing::footprintBytes).sum();
    }
}
