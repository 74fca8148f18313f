package io.weir.alerting.promql;

import java.util.List;
import java.util.Map;

/** What an expression evaluated to: an instant vector, or a scalar for expressions without selectors. */
public sealed interface EvaluationResult {

    /**
     * The result as a vector, as Prometheus' rule manager sees it: a scalar becomes one element
     * without labels.
     */
    List<VectorSample> asVector();

    record Vector(List<VectorSample> samples) implements EvaluationResult {
        public Vector {
            samples = List.copyOf(samples);
        }

        public List<VectorSample> asVector() {
            return samples;
        }
    }

    record Scalar(double value) implements EvaluationResult {
        public List<VectorSample> asVector() {
            return List.of(VectorSample.of(Map.of(), value));
        }
    }
}
