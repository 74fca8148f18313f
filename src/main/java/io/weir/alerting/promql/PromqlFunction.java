package io.weir.alerting.promql;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The functions Weir's rule evaluator implements, with the argument types each takes. */
public enum PromqlFunction {
    RATE("rate", ValueType.RANGE_VECTOR),
    INCREASE("increase", ValueType.RANGE_VECTOR),
    DELTA("delta", ValueType.RANGE_VECTOR),
    DERIV("deriv", ValueType.RANGE_VECTOR),
    PREDICT_LINEAR("predict_linear", ValueType.RANGE_VECTOR, ValueType.SCALAR),
    AVG_OVER_TIME("avg_over_time", ValueType.RANGE_VECTOR),
    MIN_OVER_TIME("min_over_time", ValueType.RANGE_VECTOR),
    MAX_OVER_TIME("max_over_time", ValueType.RANGE_VECTOR),
    ABSENT("absent", ValueType.INSTANT_VECTOR);

    /** Prometheus 2.x functions outside the subset: refused by name rather than called unknown. */
    private static final Set<String> PROMETHEUS_ONLY = Set.of(
            "abs", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "changes", "clamp",
            "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year",
            "days_in_month", "deg", "exp", "floor", "histogram_count", "histogram_fraction", "histogram_quantile",
            "histogram_sum", "holt_winters", "hour", "idelta", "irate", "label_join", "label_replace",
            "last_over_time", "ln", "log10", "log2", "minute", "month", "pi", "present_over_time",
            "quantile_over_time", "rad", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt",
            "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector",
            "year");

    private final String functionName;
    private final List<ValueType> argumentTypes;

    PromqlFunction(String functionName, ValueType... argumentTypes) {
        this.functionName = functionName;
        this.argumentTypes = List.of(argumentTypes);
    }

    public String functionName() {
        return functionName;
    }

    List<ValueType> argumentTypes() {
        return argumentTypes;
    }

    static Optional<PromqlFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.functionName.equals(name)).findFirst();
    }

    static boolean isPrometheusOnly(String name) {
        return PROMETHEUS_ONLY.contains(name);
    }
}
