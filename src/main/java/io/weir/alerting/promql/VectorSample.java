package io.weir.alerting.promql;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One element of an instant vector: the labels of a series (with the metric name under
 * {@code __name__} while it is kept, as in Prometheus) and its value at the evaluation time.
 */
public record VectorSample(SortedMap<String, String> labels, double value) {

    static final String NAME = "__name__";

    public VectorSample {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static VectorSample of(Map<String, String> labels, double value) {
        return new VectorSample(new TreeMap<>(labels), value);
    }

    /** The metric name, or null once an operation has dropped it. */
    public String name() {
        return labels.get(NAME);
    }

    VectorSample withValue(double newValue) {
        return new VectorSample(labels, newValue);
    }

    VectorSample withoutName() {
        if (!labels.containsKey(NAME)) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(labels);
        copy.remove(NAME);
        return new VectorSample(copy, value);
    }

    /** Prometheus notation, e.g. {@code weir_queue_messages{queue="orders"} => 12}. */
    @Override
    public String toString() {
        return LabelSets.format(labels) + " => " + value;
    }
}
