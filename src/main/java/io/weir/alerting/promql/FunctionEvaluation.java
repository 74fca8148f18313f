package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.FunctionCall;
import io.weir.alerting.promql.Expression.MatrixSelector;
import io.weir.alerting.promql.Expression.VectorSelector;
import io.weir.alerting.promql.Selection.RangeSeries;
import io.weir.monitor.history.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Evaluates function calls: the range functions per series, and {@code absent}. */
final class FunctionEvaluation {

    private final Selection selection;

    FunctionEvaluation(Selection selection) {
        this.selection = selection;
    }

    /**
     * A range function of the call's matrix argument, one element per series with enough samples,
     * metric name dropped; {@code scalarArgument} is the second argument's value (predict_linear).
     */
    List<VectorSample> overRange(FunctionCall call, long evaluationMillis, double scalarArgument) {
        MatrixSelector matrix = (MatrixSelector) call.arguments().get(0);
        long rangeEnd = evaluationMillis - matrix.selector().offsetMillis();
        long rangeStart = rangeEnd - matrix.rangeMillis();
        Function<List<Sample>, Double> perSeries = switch (call.function()) {
            case RATE -> s -> RangeFunctions.extrapolatedRate(s, rangeStart, rangeEnd, matrix.rangeMillis(), true, true);
            case INCREASE -> s -> RangeFunctions.extrapolatedRate(s, rangeStart, rangeEnd, matrix.rangeMillis(), true, false);
            case DELTA -> s -> RangeFunctions.extrapolatedRate(s, rangeStart, rangeEnd, matrix.rangeMillis(), false, false);
            case DERIV -> RangeFunctions::deriv;
            case PREDICT_LINEAR -> s -> RangeFunctions.predictLinear(s, evaluationMillis, scalarArgument);
            case AVG_OVER_TIME -> RangeFunctions::avgOverTime;
            case MIN_OVER_TIME -> RangeFunctions::minOverTime;
            case MAX_OVER_TIME -> RangeFunctions::maxOverTime;
            case ABSENT -> throw new IllegalArgumentException("absent takes an instant vector");
        };
        List<VectorSample> vector = new ArrayList<>();
        for (RangeSeries series : selection.range(matrix, evaluationMillis)) {
            Double value = perSeries.apply(series.samples());
            if (value != null) {
                vector.add(new VectorSample(series.labels(), value).withoutName());
            }
        }
        return LabelSets.requireDistinct(vector);
    }

    /**
     * {@code absent(v)}: nothing when {@code v} has elements, else one element of value 1 whose
     * labels are those of the argument's equality matchers (a label matched twice is left out, as
     * in Prometheus); an argument that is not a plain selector gives no labels.
     */
    static List<VectorSample> absent(FunctionCall call, List<VectorSample> argument) {
        if (!argument.isEmpty()) {
            return List.of();
        }
        TreeMap<String, String> labels = new TreeMap<>();
        if (call.arguments().get(0) instanceof VectorSelector selector) {
            Set<String> seen = new HashSet<>();
            for (LabelMatcher matcher : selector.matchers()) {
                if (matcher.label().equals(VectorSample.NAME)) {
                    continue;
                }
                if (matcher.type() == LabelMatcher.Type.EQUAL && seen.add(matcher.label())) {
                    labels.put(matcher.label(), matcher.value());
                } else {
                    labels.remove(matcher.label());
                }
            }
        }
        return List.of(new VectorSample(labels, 1));
    }
}
