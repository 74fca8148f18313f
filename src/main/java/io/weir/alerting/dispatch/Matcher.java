package io.weir.alerting.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher in Prometheus syntax: {@code severity="critical"}, {@code source!="test"},
 * {@code queue=~"orders.*"}, {@code group!~"tmp-.*"}. A missing label matches as the empty string;
 * regexes are anchored at both ends, as in Prometheus and Alertmanager.
 */
public record Matcher(String label, Operator operator, String value, Pattern pattern) {

    public enum Operator {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final Pattern ONE = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    public static Matcher of(String label, Operator operator, String value) {
        Pattern pattern = operator == Operator.REGEX || operator == Operator.NOT_REGEX
                ? Pattern.compile("^(?:" + value + ")$") : null;
        return new Matcher(label, operator, value, pattern);
    }

    /**
     * Parses a comma-separated list, optionally in braces: {@code {severity="critical", source=~"kafka.*"}}.
     * Blank text is the empty list (matches everything).
     *
     * @throws IllegalArgumentException naming the position and what was expected
     */
    public static List<Matcher> parseList(String text) {
        String body = text.strip();
        if (body.startsWith("{") && body.endsWith("}")) {
            body = body.substring(1, body.length() - 1);
        }
        List<Matcher> matchers = new ArrayList<>();
        java.util.regex.Matcher m = ONE.matcher(body);
        int at = 0;
        while (!body.substring(at).isBlank()) {
            m.region(at, body.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("expected label=\"value\" (or != =~ !~) at character " + (at + 1)
                        + " of '" + text + "'");
            }
            String value = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
            try {
                matchers.add(of(m.group(1), operator(m.group(2)), value));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex in '" + text + "': " + e.getDescription());
            }
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new IllegalArgumentException("expected a comma at character " + (at + 1) + " of '" + text + "'");
                }
                at++;
            }
        }
        return List.copyOf(matchers);
    }

    private static Operator operator(String symbol) {
        for (Operator operator : Operator.values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException(symbol);
    }

    /** Do all matchers match these labels? True for no matchers. */
    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        return matchers.stream().allMatch(matcher -> matcher.matches(labels.get(matcher.label)));
    }

    public boolean matches(String labelValue) {
        String actual = labelValue == null ? "" : labelValue;
        return switch (operator) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    /** The list as it is written in configuration, for storing and showing. */
    public static String format(List<Matcher> matchers) {
        return String.join(", ", matchers.stream().map(Matcher::toString).toList());
    }

    @Override
    public String toString() {
        return label + operator.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
