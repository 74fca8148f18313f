package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.Aggregation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * sum, min, max, avg and count, grouped as Prometheus 2.42's engine groups them: {@code by} keeps
 * only the listed labels, {@code without} drops them and the metric name. Values are combined in
 * input order with the engine's own arithmetic (avg is an incremental mean), so results agree to
 * the last bit.
 */
final class AggregationEvaluation {

    private AggregationEvaluation() {
    }

    private static final class Group {
        final SortedMap<String, String> labels;
        double value;
        double mean;
        long count = 1;

        Group(SortedMap<String, String> labels, double first) {
            this.labels = labels;
            this.value = first;
            this.mean = first;
        }
    }

    static List<VectorSample> aggregate(Aggregation aggregation, List<VectorSample> input) {
        Map<SortedMap<String, String>, Group> groups = new LinkedHashMap<>();
        for (VectorSample sample : input) {
            SortedMap<String, String> key = aggregation.without()
                    ? LabelSets.drop(sample.withoutName().labels(), aggregation.grouping())
                    : LabelSets.keep(sample.labels(), aggregation.grouping());
            Group group = groups.get(key);
            if (group == null) {
                groups.put(key, new Group(key, sample.value()));
            } else {
                add(aggregation.operator(), group, sample.value());
            }
        }
        List<VectorSample> output = new ArrayList<>();
        for (Group group : groups.values()) {
            double value = switch (aggregation.operator()) {
                case AVG -> group.mean;
                case COUNT -> (double) group.count;
                default -> group.value;
            };
            output.add(new VectorSample(group.labels, value));
        }
        return output;
    }

    private static void add(AggregationOperator operator, Group group, double v) {
        switch (operator) {
            case SUM -> group.value += v;
            case MAX -> {
                if (group.value < v || Double.isNaN(group.value)) {
                    group.value = v;
                }
            }
            case MIN -> {
                if (group.value > v || Double.isNaN(group.value)) {
                    group.value = v;
                }
            }
            case COUNT -> group.count++;
            case AVG -> {
                group.count++;
                if (Double.isInfinite(group.mean)) {
                    if (Double.isInfinite(v) && (group.mean > 0) == (v > 0)) {
                        return;
                    }
                    if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                        return;
                    }
                }
                group.mean += v / (double) group.count - group.mean / (double) group.count;
            }
        }
    }
}
