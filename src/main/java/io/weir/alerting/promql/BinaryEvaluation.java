package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Binary operators on vectors, as Prometheus 2.42's engine applies them. A comparison without
 * {@code bool} filters and keeps the left-hand value and metric name; with {@code bool} it keeps
 * every element with value 1 or 0 and drops the name; arithmetic drops the name. Two vectors
 * match one-to-one on all labels but the name, or on/ignoring the given ones; a match group with
 * several series on either side is an error (many-to-one matching is not supported).
 */
final class BinaryEvaluation {

    private BinaryEvaluation() {
    }

    /** {@code vector op scalar}, or {@code scalar op vector} when {@code scalarOnLeft}. */
    static List<VectorSample> withScalar(BinaryOperator operator, List<VectorSample> vector, double scalar,
            boolean scalarOnLeft, boolean returnBool) {
        List<VectorSample> output = new ArrayList<>();
        for (VectorSample sample : vector) {
            double left = scalarOnLeft ? scalar : sample.value();
            double right = scalarOnLeft ? sample.value() : scalar;
            double value = operator.apply(left, right);
            boolean keep = true;
            if (operator.isComparison()) {
                keep = value == 1;
                value = sample.value();
            }
            if (returnBool) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep) {
                VectorSample result = sample.withValue(value);
                output.add(operator.isComparison() && !returnBool ? result : result.withoutName());
            }
        }
        return LabelSets.requireDistinct(output);
    }

    static List<VectorSample> betweenVectors(BinaryOperator operator, List<VectorSample> left, List<VectorSample> right,
            VectorMatching matching, boolean returnBool) {
        if (left.isEmpty() || right.isEmpty()) {
            return List.of();
        }
        Map<SortedMap<String, String>, VectorSample> rightBySignature = new HashMap<>();
        for (VectorSample sample : right) {
            VectorSample duplicate = rightBySignature.put(signature(sample, matching), sample);
            if (duplicate != null) {
                throw new EvaluationException("found duplicate series for the match group "
                        + LabelSets.format(signature(sample, matching)) + " on the right hand-side of the operation: ["
                        + LabelSets.format(sample.labels()) + ", " + LabelSets.format(duplicate.labels())
                        + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<SortedMap<String, String>> matched = new HashSet<>();
        List<VectorSample> output = new ArrayList<>();
        for (VectorSample sample : left) {
            SortedMap<String, String> signature = signature(sample, matching);
            VectorSample other = rightBySignature.get(signature);
            if (other == null) {
                continue;
            }
            double value = operator.apply(sample.value(), other.value());
            boolean keep = true;
            if (operator.isComparison()) {
                keep = value == 1;
                value = sample.value();
            }
            if (returnBool) {
                value = keep ? 1 : 0;
            } else if (!keep) {
                continue;
            }
            if (!matched.add(signature)) {
                throw new EvaluationException("multiple matches for labels: many-to-one matching must be explicit "
                        + "(group_left/group_right), which Weir's rule evaluator does not support");
            }
            output.add(new VectorSample(resultLabels(sample, operator, matching, returnBool), value));
        }
        return LabelSets.requireDistinct(output);
    }

    private static SortedMap<String, String> signature(VectorSample sample, VectorMatching matching) {
        if (matching.on()) {
            return LabelSets.keep(sample.labels(), matching.labels());
        }
        return LabelSets.drop(sample.withoutName().labels(), matching.labels());
    }

    private static SortedMap<String, String> resultLabels(VectorSample left, BinaryOperator operator,
            VectorMatching matching, boolean returnBool) {
        VectorSample named = operator.isComparison() && !returnBool ? left : left.withoutName();
        return matching.on()
                ? LabelSets.keep(named.labels(), matching.labels())
                : LabelSets.drop(named.labels(), matching.labels());
    }
}
