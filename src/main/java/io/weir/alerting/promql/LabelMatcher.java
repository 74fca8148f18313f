package io.weir.alerting.promql;

import java.util.regex.Pattern;

/**
 * One matcher of a selector. A missing label matches as the empty string, as in Prometheus, so
 * {@code {queue=""}} selects series without a queue label. Regexes are fully anchored.
 */
public record LabelMatcher(String label, Type type, String value, Pattern pattern) {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }
    }

    /** @throws java.util.regex.PatternSyntaxException for a bad regex */
    static LabelMatcher of(String label, Type type, String value) {
        Pattern pattern = type == Type.REGEX || type == Type.NOT_REGEX ? Pattern.compile("^(?:" + value + ")$") : null;
        return new LabelMatcher(label, type, value, pattern);
    }

    /** Does a series with this value of the label (null when it has none) match? */
    public boolean matches(String labelValue) {
        String actual = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    /** Does this matcher select even series without the label? Prometheus needs one that does not. */
    boolean matchesEmpty() {
        return matches("");
    }
}
