package io.weir.alerting.promql;

import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test history written in promtool's notation, so the same text feeds Weir's store and a promtool
 * test file: a series {@code name{label="value"}} and values such as {@code 0+10x20} (21 values,
 * each the previous plus 10, accumulated as promtool does), {@code 5x3}, {@code _} (no sample) and
 * {@code _x3}. Sample i is at {@code i * interval} from time 0.
 */
final class SeriesFixture {

    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private static final Pattern REPEAT = Pattern.compile("([-+]?[0-9.eE]+)(?:([-+][0-9.eE]+))?x([0-9]+)");

    record Series(String selector, String values) {
    }

    private final Duration interval;
    private final List<Series> series = new ArrayList<>();

    SeriesFixture(Duration interval) {
        this.interval = interval;
    }

    SeriesFixture series(String selector, String values) {
        series.add(new Series(selector, values));
        return this;
    }

    List<Series> series() {
        return series;
    }

    Duration interval() {
        return interval;
    }

    SeriesStore store() {
        SeriesStore store = new SeriesStore(Duration.ofDays(400), 100_000, 10_000);
        for (Series one : series) {
            SeriesKey key = key(one.selector());
            List<Double> values = expand(one.values());
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    store.append(key, i * interval.toMillis(), values.get(i));
                }
            }
        }
        return store;
    }

    static SeriesKey key(String selector) {
        Matcher series = SERIES.matcher(selector);
        if (!series.matches()) {
            throw new IllegalArgumentException("not a series: " + selector);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = LABEL.matcher(series.group(2));
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return SeriesKey.of(series.group(1), labels);
    }

    /** The values of promtool's notation; null where a sample is omitted. */
    static List<Double> expand(String notation) {
        List<Double> values = new ArrayList<>();
        for (String item : notation.trim().split("\\s+")) {
            if (item.equals("_")) {
                values.add(null);
            } else if (item.startsWith("_x")) {
                for (int i = 0; i < Integer.parseInt(item.substring(2)); i++) {
                    values.add(null);
                }
            } else {
                Matcher repeat = REPEAT.matcher(item);
                if (repeat.matches()) {
                    double value = Double.parseDouble(repeat.group(1));
                    double step = repeat.group(2) == null ? 0 : Double.parseDouble(repeat.group(2));
                    for (int i = 0; i <= Integer.parseInt(repeat.group(3)); i++) {
                        values.add(value);
                        value += step;
                    }
                } else {
                    values.add(Double.parseDouble(item));
                }
            }
        }
        return values;
    }
}
