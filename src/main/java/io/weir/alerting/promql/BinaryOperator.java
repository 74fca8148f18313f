package io.weir.alerting.promql;

/** The binary operators Weir's rule evaluator implements, with Prometheus' precedence. */
public enum BinaryOperator {
    ADD("+", 3), SUB("-", 3), MUL("*", 4), DIV("/", 4),
    EQL("==", 2), NEQ("!=", 2), GTR(">", 2), LSS("<", 2), GTE(">=", 2), LTE("<=", 2);

    private final String symbol;
    private final int precedence;

    BinaryOperator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == 2;
    }

    /** The arithmetic result, or for a comparison 1 when it holds and 0 when not. */
    double apply(double left, double right) {
        return switch (this) {
            case ADD -> left + right;
            case SUB -> left - right;
            case MUL -> left * right;
            case DIV -> left / right;
            case EQL -> left == right ? 1 : 0;
            case NEQ -> left != right ? 1 : 0;
            case GTR -> left > right ? 1 : 0;
            case LSS -> left < right ? 1 : 0;
            case GTE -> left >= right ? 1 : 0;
            case LTE -> left <= right ? 1 : 0;
        };
    }
}
