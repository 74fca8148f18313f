package io.weir.alerting.promql;

import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.util.List;
import java.util.function.Predicate;

/** The history the evaluator reads: the two questions it asks of a {@link SeriesStore}. */
public interface SeriesReader {

    /** Every series whose key matches. */
    List<SeriesKey> keys(Predicate<SeriesKey> matches);

    /**
     * The series that match {@code selector}: a reader with an index may use the selector's
     * equality matchers to look at fewer series; {@code matches} stays the judge of each.
     */
    default List<SeriesKey> keys(Expression.VectorSelector selector, Predicate<SeriesKey> matches) {
        return keys(matches);
    }

    /** The samples of a series with {@code from <= time <= to}, oldest first. */
    List<Sample> range(SeriesKey key, long fromMillis, long toMillis);

    static SeriesReader of(SeriesStore store) {
        return new SeriesReader() {
            @Override
            public List<SeriesKey> keys(Predicate<SeriesKey> matches) {
                return store.keys(matches);
            }

            @Override
            public List<Sample> range(SeriesKey key, long fromMillis, long toMillis) {
                return store.range(key, fromMillis, toMillis);
            }
        };
    }
}
