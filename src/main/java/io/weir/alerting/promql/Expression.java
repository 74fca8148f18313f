package io.weir.alerting.promql;

import java.util.List;

/**
 * A parsed expression: one record per node kind. Built only by {@link Parser}, which has checked
 * the types, so the evaluator can rely on them (e.g. a function's range argument is a
 * {@link MatrixSelector}).
 */
public sealed interface Expression {

    ValueType type();

    /** A number: {@code 3}, {@code 1.5e3}, {@code 0x1f}, {@code Inf}, {@code NaN}. */
    record NumberLiteral(double value) implements Expression {
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    /** {@code (expr)}; kept because {@code absent((x{a="b"}))} takes no labels from it, as in Prometheus. */
    record Parenthesized(Expression inner) implements Expression {
        public ValueType type() {
            return inner.type();
        }
    }

    /** {@code -expr}. */
    record UnaryMinus(Expression operand) implements Expression {
        public ValueType type() {
            return operand.type();
        }
    }

    /**
     * {@code name{matchers} offset d}. The metric name, when given, is also among the matchers as
     * {@code __name__="name"}; {@code offsetMillis} is 0 without {@code offset}.
     */
    record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMillis) implements Expression {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /** {@code selector[range]}. */
    record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expression {
        public ValueType type() {
            return ValueType.RANGE_VECTOR;
        }
    }

    /** A call of one of the supported functions, with arguments of the types it takes. */
    record FunctionCall(PromqlFunction function, List<Expression> arguments) implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }

        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /** {@code op by|without (labels) (expr)}; {@code without} false and no labels aggregate everything. */
    record Aggregation(AggregationOperator operator, Expression operand, List<String> grouping, boolean without)
            implements Expression {
        public Aggregation {
            grouping = List.copyOf(grouping);
        }

        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /**
     * {@code lhs op [bool] [on|ignoring (labels)] rhs}. {@code matching} is null unless both sides
     * are instant vectors.
     */
    record BinaryExpression(BinaryOperator operator, Expression left, Expression right, boolean returnBool,
            VectorMatching matching) implements Expression {
        public ValueType type() {
            return left.type() == ValueType.SCALAR && right.type() == ValueType.SCALAR
                    ? ValueType.SCALAR : ValueType.INSTANT_VECTOR;
        }
    }

    /** How two vectors are matched: on the given labels only, or on all labels but these (and the name). */
    record VectorMatching(boolean on, List<String> labels) {
        public VectorMatching {
            labels = List.copyOf(labels);
        }

        static VectorMatching allLabels() {
            return new VectorMatching(false, List.of());
        }
    }
}
