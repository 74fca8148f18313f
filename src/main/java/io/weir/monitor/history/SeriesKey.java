package io.weir.monitor.history;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of a time series, as in Prometheus: a metric name and a set of labels. Labels are
 * kept sorted, so equal label sets give equal keys whatever order they were given in.
 */
public record SeriesKey(String name, SortedMap<String, String> labels) {

    public SeriesKey {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static SeriesKey of(String name, Map<String, String> labels) {
        return new SeriesKey(name, new TreeMap<>(labels));
    }

    public String label(String label) {
        return labels.get(label);
    }

    /** Prometheus notation, e.g. {@code weir_queue_messages{queue="orders",source="prod"}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> text.append(k).append("=\"").append(v).append("\","));
        if (!labels.isEmpty()) {
            text.setLength(text.length() - 1);
        }
        return text.append('}').toString();
    }
}
