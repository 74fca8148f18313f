package io.weir.alerting.promql;

/**
 * An expression that parsed but cannot be evaluated on the data at hand, where Prometheus would
 * fail the query too: e.g. two series with the same labels after the metric name is dropped, or
 * a one-to-one match that finds several series on one side.
 */
public final class EvaluationException extends RuntimeException {

    public EvaluationException(String message) {
        super(message);
    }
}
