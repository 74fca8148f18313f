package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.Aggregation;
import io.weir.alerting.promql.Expression.FunctionCall;
import io.weir.alerting.promql.Expression.Parenthesized;
import io.weir.alerting.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses aggregations ({@code sum by (a) (x)}, {@code sum(x) without (a)}) and function calls for
 * {@link Parser}, checking argument counts and types as Prometheus' parser does.
 */
final class CallParser {

    private final Parser parser;

    CallParser(Parser parser) {
        this.parser = parser;
    }

    Expression aggregation(Token token, AggregationOperator operator) {
        Grouping grouping = parser.peekKeyword("by") || parser.peekKeyword("without") ? grouping() : null;
        parser.expect(Kind.LEFT_PAREN, "\"(\" after " + token.text());
        Expression operand = parser.binary(0);
        if (parser.peek().is(Kind.COMMA)) {
            throw parser.peek().error(operator.keyword() + " takes exactly one argument");
        }
        parser.expect(Kind.RIGHT_PAREN, "\")\"");
        if (parser.peekKeyword("by") || parser.peekKeyword("without")) {
            if (grouping != null) {
                throw parser.peek().error("an aggregation can have only one by or without clause");
            }
            grouping = grouping();
        }
        if (operand.type() != ValueType.INSTANT_VECTOR) {
            throw parser.startOf(operand).error(
                    "expected type instant vector in aggregation expression, got " + operand.type());
        }
        if (grouping == null) {
            grouping = new Grouping(List.of(), false);
        }
        return parser.node(new Aggregation(operator, operand, grouping.labels(), grouping.without()), token);
    }

    private record Grouping(List<String> labels, boolean without) {
    }

    private Grouping grouping() {
        boolean without = Parser.keyword(parser.next()).equals("without");
        return new Grouping(parser.labelList(), without);
    }

    Expression functionCall(Token name) {
        Optional<PromqlFunction> known = PromqlFunction.named(name.text());
        if (known.isEmpty()) {
            if (PromqlFunction.isPrometheusOnly(name.text())) {
                throw name.error(name.text() + " is not supported by Weir's rule evaluator");
            }
            throw name.error("unknown function with name \"" + name.text() + "\"");
        }
        PromqlFunction function = known.get();
        parser.next();
        List<Expression> arguments = new ArrayList<>();
        while (!parser.peek().is(Kind.RIGHT_PAREN)) {
            arguments.add(parser.binary(0));
            if (!parser.peek().is(Kind.COMMA)) {
                break;
            }
            parser.next();
        }
        parser.expect(Kind.RIGHT_PAREN, "\")\" after the function arguments");
        List<ValueType> types = function.argumentTypes();
        if (arguments.size() != types.size()) {
            throw name.error("expected " + types.size() + " argument(s) in call to \"" + function.functionName()
                    + "\", got " + arguments.size());
        }
        for (int i = 0; i < types.size(); i++) {
            Expression argument = arguments.get(i);
            if (types.get(i) == ValueType.RANGE_VECTOR) {
                while (argument instanceof Parenthesized parenthesized) {
                    argument = parenthesized.inner();
                }
                arguments.set(i, argument);
            }
            if (argument.type() != types.get(i)) {
                throw parser.startOf(argument).error("expected type " + types.get(i) + " in call to function \""
                        + function.functionName() + "\", got " + argument.type());
            }
        }
        return parser.node(new FunctionCall(function, arguments), name);
    }
}
