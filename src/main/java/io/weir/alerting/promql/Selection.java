package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.MatrixSelector;
import io.weir.alerting.promql.Expression.VectorSelector;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Selects series from the history as Prometheus 2.x does: an instant selector takes, per series,
 * the latest sample in {@code [t - 5m, t]}; a range selector takes every sample in
 * {@code [t - range, t]} (both ends included in 2.x); {@code offset} moves {@code t} back.
 * Series come in Prometheus' label-set order, which fixes the order floating-point sums add up in.
 */
final class Selection {

    static final long LOOKBACK_DELTA_MILLIS = 5 * 60_000;

    /** The samples of one series in a range, with its labels (name included). */
    record RangeSeries(SortedMap<String, String> labels, List<Sample> samples) {
    }

    private final SeriesReader history;

    Selection(SeriesReader history) {
        this.history = history;
    }

    List<VectorSample> instant(VectorSelector selector, long evaluationMillis) {
        long reference = evaluationMillis - selector.offsetMillis();
        List<VectorSample> vector = new ArrayList<>();
        for (SeriesKey key : matching(selector)) {
            List<Sample> samples = history.range(key, reference - LOOKBACK_DELTA_MILLIS, reference);
            if (!samples.isEmpty()) {
                vector.add(new VectorSample(labels(key), samples.get(samples.size() - 1).value()));
            }
        }
        return vector;
    }

    List<RangeSeries> range(MatrixSelector matrix, long evaluationMillis) {
        long end = evaluationMillis - matrix.selector().offsetMillis();
        List<RangeSeries> series = new ArrayList<>();
        for (SeriesKey key : matching(matrix.selector())) {
            List<Sample> samples = history.range(key, end - matrix.rangeMillis(), end);
            if (!samples.isEmpty()) {
                series.add(new RangeSeries(labels(key), samples));
            }
        }
        return series;
    }

    private List<SeriesKey> matching(VectorSelector selector) {
        return history.keys(selector, key -> matches(selector, key)).stream()
                .sorted(Comparator.comparing(Selection::labels, LabelSets.ORDER))
                .toList();
    }

    private static boolean matches(VectorSelector selector, SeriesKey key) {
        for (LabelMatcher matcher : selector.matchers()) {
            String value = matcher.label().equals(VectorSample.NAME) ? key.name() : key.label(matcher.label());
            if (!matcher.matches(value)) {
                return false;
            }
        }
        return true;
    }

    /** The key's labels with the name as {@code __name__}; an empty value is no label, as in Prometheus. */
    private static SortedMap<String, String> labels(SeriesKey key) {
        TreeMap<String, String> labels = new TreeMap<>();
        key.labels().forEach((k, v) -> {
            if (!v.isEmpty()) {
                labels.put(k, v);
            }
        });
        labels.put(VectorSample.NAME, key.name());
        return labels;
    }
}
