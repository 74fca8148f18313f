package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.Aggregation;
import io.weir.alerting.promql.Expression.BinaryExpression;
import io.weir.alerting.promql.Expression.FunctionCall;
import io.weir.alerting.promql.Expression.MatrixSelector;
import io.weir.alerting.promql.Expression.Parenthesized;
import io.weir.alerting.promql.Expression.UnaryMinus;
import io.weir.alerting.promql.Expression.VectorSelector;

/**
 * The unit of the values an expression gives, so an alert's value can be shown as "9 min 50 s" or
 * "1.2k msgs" rather than a bare number. Read from the metric names, which carry their unit as a
 * suffix by Prometheus' naming conventions ({@code _seconds}, {@code _bytes}) and Weir's own
 * ({@code _messages}, {@code _message_limit}, and {@code _rate} for messages per second), then
 * followed through the expression: a comparison keeps the unit of the vector it filters, a sum or
 * a {@code delta} keeps its argument's, a {@code rate} of messages is messages per second, and
 * anything that changes units (a product or ratio, a count of series, a {@code bool} comparison)
 * is {@link #NONE}.
 */
public enum ValueUnit {
    /** A plain number: a status code, a count of series, a ratio. */
    NONE,
    SECONDS,
    BYTES,
    MESSAGES,
    MESSAGES_PER_SECOND;

    /** The unit of one metric, by the suffix of its name. */
    public static ValueUnit ofMetric(String name) {
        if (name == null) {
            return NONE;
        }
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        if (base.endsWith("_seconds")) {
            return SECONDS;
        }
        if (base.endsWith("_bytes")) {
            return BYTES;
        }
        if (base.endsWith("_messages") || base.endsWith("_message_limit") || base.contains("_messages_")) {
            return MESSAGES;
        }
        return base.endsWith("_rate") ? MESSAGES_PER_SECOND : NONE;
    }

    /** The unit of what {@code expression} evaluates to. */
    public static ValueUnit of(Expression expression) {
        if (expression instanceof Parenthesized parenthesized) {
            return of(parenthesized.inner());
        }
        if (expression instanceof UnaryMinus minus) {
            return of(minus.operand());
        }
        if (expression instanceof VectorSelector selector) {
            return ofMetric(selector.name());
        }
        if (expression instanceof MatrixSelector range) {
            return ofMetric(range.selector().name());
        }
        if (expression instanceof FunctionCall call) {
            return ofCall(call);
        }
        if (expression instanceof Aggregation aggregation) {
            return aggregation.operator() == AggregationOperator.COUNT ? NONE : of(aggregation.operand());
        }
        if (expression instanceof BinaryExpression binary) {
            return ofBinary(binary);
        }
        return NONE;
    }

    private static ValueUnit ofCall(FunctionCall call) {
        ValueUnit argument = of(call.arguments().get(0));
        return switch (call.function()) {
            case RATE, DERIV -> argument == MESSAGES ? MESSAGES_PER_SECOND : NONE;
            case INCREASE, DELTA, PREDICT_LINEAR, AVG_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME -> argument;
            case ABSENT -> NONE;
        };
    }

    private static ValueUnit ofBinary(BinaryExpression binary) {
        boolean leftScalar = binary.left().type() == ValueType.SCALAR;
        boolean rightScalar = binary.right().type() == ValueType.SCALAR;
        ValueUnit left = of(binary.left());
        ValueUnit right = of(binary.right());
        if (binary.operator().isComparison()) {
            // Without bool a comparison filters the vector side and keeps its values.
            return binary.returnBool() ? NONE : leftScalar && !rightScalar ? right : left;
        }
        // A sum or difference with a constant or a like value keeps the unit; a product or quotient
        // rescales it (seconds / 60 are minutes), which Weir cannot name.
        return switch (binary.operator()) {
            case ADD, SUB -> leftScalar ? right : rightScalar || left == right ? left : NONE;
            default -> NONE;
        };
    }
}
