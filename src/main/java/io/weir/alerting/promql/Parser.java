package io.weir.alerting.promql;

import io.weir.alerting.promql.Expression.BinaryExpression;
import io.weir.alerting.promql.Expression.MatrixSelector;
import io.weir.alerting.promql.Expression.NumberLiteral;
import io.weir.alerting.promql.Expression.Parenthesized;
import io.weir.alerting.promql.Expression.UnaryMinus;
import io.weir.alerting.promql.Expression.VectorMatching;
import io.weir.alerting.promql.Expression.VectorSelector;
import io.weir.alerting.promql.Token.Kind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the PromQL subset of {@code package-info} into an {@link Expression}, by precedence
 * climbing over the {@link Lexer}'s tokens. Type errors are found here, as Prometheus' parser
 * finds them, and every construct outside the subset is refused with its position rather than
 * mis-evaluated later. Not thread-safe; {@link #parse} makes a new instance each call.
 */
public final class Parser {

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "bool", "offset", "group_left", "group_right");
    private static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");

    private final List<Token> tokens;
    /** Where each parsed node starts, for type errors about it. */
    private final Map<Expression, Token> starts = new IdentityHashMap<>();
    private int index;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** @throws PromqlException if the text is not a valid expression of the subset */
    public static Expression parse(String text) {
        Parser parser = new Parser(Lexer.tokenize(text));
        if (parser.peek().is(Kind.EOF)) {
            throw parser.peek().error("empty expression");
        }
        Expression expression = parser.binary(0);
        Token rest = parser.peek();
        if (!rest.is(Kind.EOF)) {
            throw rest.error("unexpected " + rest.describe());
        }
        if (expression.type() == ValueType.RANGE_VECTOR) {
            throw parser.startOf(expression).error(
                    "a range vector cannot be the result of a rule expression; apply a function such as rate() to it");
        }
        return expression;
    }

    Expression binary(int minPrecedence) {
        Expression left = unary();
        while (true) {
            Token operatorToken = peek();
            BinaryOperator operator = binaryOperatorAt(operatorToken);
            if (operator == null || operator.precedence() < minPrecedence) {
                return left;
            }
            next();
            boolean returnBool = false;
            if (peekKeyword("bool")) {
                Token bool = next();
                if (!operator.isComparison()) {
                    throw bool.error("bool modifier can only be used on comparison operators");
                }
                returnBool = true;
            }
            Token matchingToken = null;
            VectorMatching matching = null;
            if (peekKeyword("on") || peekKeyword("ignoring")) {
                matchingToken = next();
                matching = new VectorMatching(keyword(matchingToken).equals("on"), labelList());
            }
            if (peekKeyword("group_left") || peekKeyword("group_right")) {
                Token group = peek();
                throw group.error(keyword(group) + " (many-to-one matching) is not supported by Weir's rule evaluator");
            }
            Expression right = binary(operator.precedence() + 1);
            left = binaryExpression(operator, operatorToken, left, right, returnBool, matching, matchingToken);
        }
    }

    private BinaryOperator binaryOperatorAt(Token token) {
        switch (token.kind()) {
            case ADD: return BinaryOperator.ADD;
            case SUB: return BinaryOperator.SUB;
            case MUL: return BinaryOperator.MUL;
            case DIV: return BinaryOperator.DIV;
            case EQLC: return BinaryOperator.EQL;
            case NEQ: return BinaryOperator.NEQ;
            case GTR: return BinaryOperator.GTR;
            case LSS: return BinaryOperator.LSS;
            case GTE: return BinaryOperator.GTE;
            case LTE: return BinaryOperator.LTE;
            case MOD, POW: throw token.error("the " + token.text() + " operator is not supported by Weir's rule evaluator");
            case IDENTIFIER:
                String word = keyword(token);
                if (SET_OPERATORS.contains(word)) {
                    throw token.error("the " + word + " operator (set operation) is not supported by Weir's rule evaluator");
                }
                if (word.equals("atan2")) {
                    throw token.error("the atan2 operator is not supported by Weir's rule evaluator");
                }
                return null;
            default: return null;
        }
    }

    private Expression binaryExpression(BinaryOperator operator, Token operatorToken, Expression left, Expression right,
            boolean returnBool, VectorMatching matching, Token matchingToken) {
        for (Expression operand : List.of(left, right)) {
            if (operand.type() == ValueType.RANGE_VECTOR) {
                throw startOf(operand).error("binary expression must contain only scalar and instant vector types");
            }
        }
        boolean bothVectors = left.type() == ValueType.INSTANT_VECTOR && right.type() == ValueType.INSTANT_VECTOR;
        if (operator.isComparison() && !returnBool && left.type() == ValueType.SCALAR && right.type() == ValueType.SCALAR) {
            throw operatorToken.error("comparisons between scalars must use BOOL modifier");
        }
        if (matching != null && !bothVectors) {
            throw matchingToken.error("vector matching only allowed between instant vectors");
        }
        if (bothVectors && matching == null) {
            matching = VectorMatching.allLabels();
        }
        return node(new BinaryExpression(operator, left, right, returnBool, matching), startOf(left));
    }

    private Expression unary() {
        Token sign = peek();
        if (sign.is(Kind.SUB) || sign.is(Kind.ADD)) {
            next();
            Expression operand = unary();
            if (operand.type() == ValueType.RANGE_VECTOR) {
                throw sign.error("unary expression only allowed on expressions of type scalar or instant vector");
            }
            if (sign.is(Kind.ADD)) {
                return operand;
            }
            if (operand instanceof NumberLiteral number) {
                return node(new NumberLiteral(-number.value()), sign);
            }
            return node(new UnaryMinus(operand), sign);
        }
        return postfix(primary());
    }

    private Expression postfix(Expression expression) {
        while (true) {
            Token token = peek();
            if (token.is(Kind.LEFT_BRACKET)) {
                expression = range(expression);
            } else if (peekKeyword("offset")) {
                expression = offset(expression);
            } else if (token.is(Kind.AT)) {
                throw token.error("the @ modifier is not supported by Weir's rule evaluator");
            } else {
                return expression;
            }
        }
    }

    private Expression range(Expression expression) {
        Token bracket = next();
        if (!(expression instanceof VectorSelector selector)) {
            if (expression.type() != ValueType.RANGE_VECTOR) {
                throw bracket.error("subqueries (a range on an expression that is not a selector) are not supported "
                        + "by Weir's rule evaluator");
            }
            throw bracket.error("a range can only follow an instant vector selector");
        }
        if (selector.offsetMillis() != 0) {
            throw bracket.error("no offset modifiers allowed before range");
        }
        Token duration = next();
        if (duration.is(Kind.COLON)) {
            throw bracket.error("subqueries ([range:resolution]) are not supported by Weir's rule evaluator");
        }
        if (!duration.is(Kind.DURATION)) {
            throw duration.error("expected a duration in the range selector, got " + duration.describe());
        }
        if (peek().is(Kind.COLON)) {
            throw bracket.error("subqueries ([range:resolution]) are not supported by Weir's rule evaluator");
        }
        expect(Kind.RIGHT_BRACKET, "\"]\" after the range");
        long millis = Durations.millis(duration.text());
        if (millis == 0) {
            throw duration.error("a range must be longer than 0s");
        }
        return node(new MatrixSelector(selector, millis), startOf(expression));
    }

    private Expression offset(Expression expression) {
        Token offset = next();
        if (peek().is(Kind.SUB)) {
            throw peek().error("negative offsets are not supported by Weir's rule evaluator");
        }
        Token duration = next();
        if (!duration.is(Kind.DURATION)) {
            throw duration.error("expected a duration after offset, got " + duration.describe());
        }
        long millis = Durations.millis(duration.text());
        if (expression instanceof VectorSelector selector && selector.offsetMillis() == 0) {
            return node(new VectorSelector(selector.name(), selector.matchers(), millis), startOf(expression));
        }
        if (expression instanceof MatrixSelector matrix && matrix.selector().offsetMillis() == 0) {
            VectorSelector selector = matrix.selector();
            return node(new MatrixSelector(new VectorSelector(selector.name(), selector.matchers(), millis),
                    matrix.rangeMillis()), startOf(expression));
        }
        if (expression instanceof VectorSelector || expression instanceof MatrixSelector) {
            throw offset.error("offset may not be set multiple times");
        }
        throw offset.error("offset modifier must be preceded by an instant vector selector or range vector selector");
    }

    private Expression primary() {
        Token token = next();
        switch (token.kind()) {
            case NUMBER:
                return node(new NumberLiteral(number(token)), token);
            case STRING:
                throw token.error("string literals are not supported by Weir's rule evaluator");
            case LEFT_PAREN:
                Expression inner = binary(0);
                expect(Kind.RIGHT_PAREN, "\")\"");
                return node(new Parenthesized(inner), token);
            case LEFT_BRACE:
                index--;
                return new SelectorParser(this).selector(null, token);
            case IDENTIFIER:
                return identifier(token);
            default:
                throw token.error("unexpected " + token.describe());
        }
    }

    private Expression identifier(Token token) {
        String word = keyword(token);
        if (word.equals("inf") || word.equals("nan")) {
            return node(new NumberLiteral(word.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN), token);
        }
        Optional<AggregationOperator> aggregation = AggregationOperator.named(word);
        if (aggregation.isPresent()) {
            return new CallParser(this).aggregation(token, aggregation.get());
        }
        if (AggregationOperator.isPrometheusOnly(word)) {
            throw token.error(word + " is not supported by Weir's rule evaluator");
        }
        if (KEYWORDS.contains(word) || SET_OPERATORS.contains(word) || word.equals("atan2")) {
            throw token.error("unexpected " + token.describe());
        }
        if (peek().is(Kind.LEFT_PAREN)) {
            return new CallParser(this).functionCall(token);
        }
        return new SelectorParser(this).selector(token.text(), token);
    }

    /** {@code (a, b, c)}, possibly empty, possibly with a trailing comma. */
    List<String> labelList() {
        expect(Kind.LEFT_PAREN, "\"(\" before the label list");
        List<String> labels = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            Token label = next();
            if (!label.is(Kind.IDENTIFIER)) {
                throw label.error("expected a label name in the label list, got " + label.describe());
            }
            labels.add(label.text());
            if (!peek().is(Kind.COMMA)) {
                break;
            }
            next();
        }
        expect(Kind.RIGHT_PAREN, "\")\" after the label list");
        return labels;
    }

    private static double number(Token token) {
        String text = token.text();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw token.error("bad number syntax: \"" + text + "\"");
        }
    }

    // Token access, shared with SelectorParser and CallParser.

    <T extends Expression> T node(T expression, Token start) {
        starts.put(expression, start);
        return expression;
    }

    Token startOf(Expression expression) {
        return starts.get(expression);
    }

    Token peek() {
        return tokens.get(index);
    }

    Token next() {
        Token token = tokens.get(index);
        if (!token.is(Kind.EOF)) {
            index++;
        }
        return token;
    }

    Token expect(Kind kind, String what) {
        Token token = next();
        if (!token.is(kind)) {
            throw token.error("expected " + what + ", got " + token.describe());
        }
        return token;
    }

    boolean peekKeyword(String word) {
        return peek().is(Kind.IDENTIFIER) && keyword(peek()).equals(word);
    }

    /** Keywords and aggregation names are case-insensitive in PromQL; metric and function names are not. */
    static String keyword(Token token) {
        return token.text().toLowerCase(Locale.ROOT);
    }
}
