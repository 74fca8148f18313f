package io.weir.alerting.promql;

/** What an expression evaluates to, as in Prometheus. */
public enum ValueType {
    SCALAR("scalar"),
    INSTANT_VECTOR("instant vector"),
    RANGE_VECTOR("range vector");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
