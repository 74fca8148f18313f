package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.Aggregation;
import io.weir.alerting.promql.Expression.BinaryExpression;
import io.weir.alerting.promql.Expression.FunctionCall;
import io.weir.alerting.promql.Expression.NumberLiteral;
import io.weir.alerting.promql.Expression.Parenthesized;
import io.weir.alerting.promql.Expression.UnaryMinus;
import io.weir.alerting.promql.Expression.VectorSelector;
import io.weir.monitor.history.SeriesStore;
import java.time.Instant;
import java.util.List;

/**
 * Evaluates a parsed expression at one instant over Weir's history, with Prometheus 2.x's
 * semantics (see {@code package-info}). Holds no state between calls, so one instance may be
 * shared by threads as far as its {@link SeriesReader} may. Fails with {@link EvaluationException}
 * where Prometheus would fail the query.
 */
public final class Evaluator {

    private final Selection selection;
    private final FunctionEvaluation functions;

    public Evaluator(SeriesStore store) {
        this(SeriesReader.of(store));
    }

    public Evaluator(SeriesReader history) {
        this.selection = new Selection(history);
        this.functions = new FunctionEvaluation(selection);
    }

    public EvaluationResult evaluate(Expression expression, Instant at) {
        long millis = at.toEpochMilli();
        if (expression.type() == ValueType.SCALAR) {
            return new EvaluationResult.Scalar(scalar(expression, millis));
        }
        return new EvaluationResult.Vector(vector(expression, millis));
    }

    private double scalar(Expression expression, long millis) {
        if (expression instanceof NumberLiteral number) {
            return number.value();
        }
        if (expression instanceof Parenthesized parenthesized) {
            return scalar(parenthesized.inner(), millis);
        }
        if (expression instanceof UnaryMinus minus) {
            return -scalar(minus.operand(), millis);
        }
        if (expression instanceof BinaryExpression binary) {
            return binary.operator().apply(scalar(binary.left(), millis), scalar(binary.right(), millis));
        }
        throw new IllegalStateException("not a scalar expression: " + expression);
    }

    private List<VectorSample> vector(Expression expression, long millis) {
        if (expression instanceof VectorSelector selector) {
            return selection.instant(selector, millis);
        }
        if (expression instanceof Parenthesized parenthesized) {
            return vector(parenthesized.inner(), millis);
        }
        if (expression instanceof UnaryMinus minus) {
            return LabelSets.requireDistinct(vector(minus.operand(), millis).stream()
                    .map(s -> s.withoutName().withValue(-s.value()))
                    .toList());
        }
        if (expression instanceof FunctionCall call) {
            return function(call, millis);
        }
        if (expression instanceof Aggregation aggregation) {
            return AggregationEvaluation.aggregate(aggregation, vector(aggregation.operand(), millis));
        }
        if (expression instanceof BinaryExpression binary) {
            return binary(binary, millis);
        }
        throw new IllegalStateException("not an instant vector expression: " + expression);
    }

    private List<VectorSample> function(FunctionCall call, long millis) {
        if (call.function() == PromqlFunction.ABSENT) {
            return FunctionEvaluation.absent(call, vector(call.arguments().get(0), millis));
        }
        double scalarArgument = call.arguments().size() > 1 ? scalar(call.arguments().get(1), millis) : Double.NaN;
        return functions.overRange(call, millis, scalarArgument);
    }

    private List<VectorSample> binary(BinaryExpression binary, long millis) {
        boolean leftScalar = binary.left().type() == ValueType.SCALAR;
        boolean rightScalar = binary.right().type() == ValueType.SCALAR;
        if (leftScalar) {
            return BinaryEvaluation.withScalar(binary.operator(), vector(binary.right(), millis),
                    scalar(binary.left(), millis), true, binary.returnBool());
        }
        if (rightScalar) {
            return BinaryEvaluation.withScalar(binary.operator(), vector(binary.left(), millis),
                    scalar(binary.right(), millis), false, binary.returnBool());
        }
        return BinaryEvaluation.betweenVectors(binary.operator(), vector(binary.left(), millis),
                vector(binary.right(), millis), binary.matching(), binary.returnBool());
    }
}
