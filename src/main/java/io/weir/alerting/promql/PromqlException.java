package io.weir.alerting.promql;

/**
 * An expression Weir cannot accept: a syntax error, a type error, or a PromQL construct outside
 * the subset Weir's rule evaluator implements. Line and column (both from 1) point at the
 * offending token in the expression text, so a rule-file editor can show where it is.
 */
public final class PromqlException extends RuntimeException {

    private final String reason;
    private final int line;
    private final int column;

    public PromqlException(String reason, int line, int column) {
        super(reason + " (line " + line + ", column " + column + ")");
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
