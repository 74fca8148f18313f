package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.VectorSelector;
import io.weir.alerting.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/** Parses {@code name{label="value", ...}} for {@link Parser}, with Prometheus' checks on matchers. */
final class SelectorParser {

    private static final String NAME = "__name__";

    private final Parser parser;

    SelectorParser(Parser parser) {
        this.parser = parser;
    }

    /** The selector starting at {@code start}; {@code name} is null for a selector that starts with a brace. */
    VectorSelector selector(String name, Token start) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(LabelMatcher.of(NAME, LabelMatcher.Type.EQUAL, name));
        }
        if (parser.peek().is(Kind.LEFT_BRACE)) {
            parser.next();
            while (!parser.peek().is(Kind.RIGHT_BRACE)) {
                matchers.add(matcher(name));
                if (!parser.peek().is(Kind.COMMA)) {
                    break;
                }
                parser.next();
            }
            parser.expect(Kind.RIGHT_BRACE, "\"}\" to close the label matchers");
        }
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw start.error("vector selector must contain at least one non-empty matcher");
        }
        return parser.node(new VectorSelector(name, matchers, 0), start);
    }

    private LabelMatcher matcher(String metricName) {
        Token label = parser.next();
        if (!label.is(Kind.IDENTIFIER) || label.text().contains(":")) {
            throw label.error("expected a label name, got " + label.describe());
        }
        if (label.text().equals(NAME) && metricName != null) {
            throw label.error("metric name must not be set twice: \"" + metricName + "\" and a __name__ matcher");
        }
        Token operator = parser.next();
        LabelMatcher.Type type = switch (operator.kind()) {
            case EQL -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> throw operator.error("unexpected " + operator.describe()
                    + " in label matching, expected one of =, !=, =~, !~");
        };
        Token value = parser.next();
        if (!value.is(Kind.STRING)) {
            throw value.error("expected a quoted label value, got " + value.describe());
        }
        try {
            return LabelMatcher.of(label.text(), type, value.text());
        } catch (PatternSyntaxException e) {
            throw value.error("invalid regular expression \"" + value.text() + "\": " + e.getDescription());
        }
    }
}
