package io.weir.alerting.promql;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The aggregation operators Weir's rule evaluator implements. */
public enum AggregationOperator {
    SUM("sum"), MIN("min"), MAX("max"), AVG("avg"), COUNT("count");

    private static final Set<String> PROMETHEUS_ONLY =
            Set.of("bottomk", "count_values", "group", "quantile", "stddev", "stdvar", "topk");

    private final String keyword;

    AggregationOperator(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    static Optional<AggregationOperator> named(String name) {
        return Arrays.stream(values()).filter(a -> a.keyword.equals(name)).findFirst();
    }

    static boolean isPrometheusOnly(String name) {
        return PROMETHEUS_ONLY.contains(name);
    }
}
