package io.weir.alerting.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.alerting.promql.Expression.Aggregation;
import io.weir.alerting.promql.Expression.BinaryExpression;
import io.weir.alerting.promql.Expression.FunctionCall;
import io.weir.alerting.promql.Expression.MatrixSelector;
import io.weir.alerting.promql.Expression.NumberLiteral;
import io.weir.alerting.promql.Expression.UnaryMinus;
import io.weir.alerting.promql.Expression.VectorSelector;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    @Test
    void selectorWithNameAndAllMatcherKinds() {
        VectorSelector selector = (VectorSelector) Parser.parse(
                "weir_queue_messages{source=\"a\", queue!='q', vhost=~\"v.*\", group!~`g|h`,}");
        assertThat(selector.name()).isEqualTo("weir_queue_messages");
        assertThat(selector.matchers()).extracting(LabelMatcher::label, LabelMatcher::type, LabelMatcher::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("__name__", LabelMatcher.Type.EQUAL, "weir_queue_messages"),
                        org.assertj.core.groups.Tuple.tuple("source", LabelMatcher.Type.EQUAL, "a"),
                        org.assertj.core.groups.Tuple.tuple("queue", LabelMatcher.Type.NOT_EQUAL, "q"),
                        org.assertj.core.groups.Tuple.tuple("vhost", LabelMatcher.Type.REGEX, "v.*"),
                        org.assertj.core.groups.Tuple.tuple("group", LabelMatcher.Type.NOT_REGEX, "g|h"));
    }

    @Test
    void stringsTakeGoEscapesExceptInBackQuotes() {
        VectorSelector selector = (VectorSelector) Parser.parse("x{a=\"q\\\"u\\n\\u00e9\", b='it\\'s', c=`raw\\n`}");
        assertThat(selector.matchers()).extracting(LabelMatcher::value)
                .containsExactly("x", "q\"u\n\u00e9", "it's", "raw\\n");
    }

    @Test
    void regexMatchersAreFullyAnchored() {
        LabelMatcher matcher = LabelMatcher.of("queue", LabelMatcher.Type.REGEX, "ord|bill");
        assertThat(matcher.matches("ord")).isTrue();
        assertThat(matcher.matches("orders")).isFalse();
        assertThat(matcher.matches("reord")).isFalse();
        assertThat(LabelMatcher.of("queue", LabelMatcher.Type.EQUAL, "").matches(null)).isTrue();
    }

    @Test
    void rangeSelectorDurationsCombineUnits() {
        assertThat(((MatrixSelector) ((FunctionCall) Parser.parse("rate(x[1h30m])")).arguments().get(0)).rangeMillis())
                .isEqualTo(90 * 60_000L);
        assertThat(Durations.millis("1y2w3d4h5m6s7ms")).isEqualTo(
                365L * 86_400_000 + 14L * 86_400_000 + 3L * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6_000 + 7);
        assertThat(Durations.millis("250ms")).isEqualTo(250);
    }

    @Test
    void offsetAppliesToSelectorsAndRanges() {
        MatrixSelector matrix = (MatrixSelector) ((FunctionCall) Parser.parse("rate(x[5m] offset 1h)")).arguments().get(0);
        assertThat(matrix.selector().offsetMillis()).isEqualTo(3_600_000);
        assertThat(((VectorSelector) Parser.parse("x offset 5m")).offsetMillis()).isEqualTo(300_000);
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndComparisonLoosest() {
        BinaryExpression comparison = (BinaryExpression) Parser.parse("a + b * 2 > bool 1 - c");
        assertThat(comparison.operator()).isEqualTo(BinaryOperator.GTR);
        assertThat(comparison.returnBool()).isTrue();
        BinaryExpression sum = (BinaryExpression) comparison.left();
        assertThat(sum.operator()).isEqualTo(BinaryOperator.ADD);
        assertThat(((BinaryExpression) sum.right()).operator()).isEqualTo(BinaryOperator.MUL);
        assertThat(((BinaryExpression) comparison.right()).operator()).isEqualTo(BinaryOperator.SUB);
    }

    @Test
    void operatorsOfEqualPrecedenceAssociateLeft() {
        BinaryExpression expression = (BinaryExpression) Parser.parse("a - b - c");
        assertThat(expression.left()).isInstanceOf(BinaryExpression.class);
        assertThat(expression.right()).isInstanceOf(VectorSelector.class);
    }

    @Test
    void unaryMinusFoldsIntoNumbersAndWrapsVectors() {
        assertThat(Parser.parse("-2.5e1")).isEqualTo(new NumberLiteral(-25));
        assertThat(Parser.parse("0x1f")).isEqualTo(new NumberLiteral(31));
        assertThat(((NumberLiteral) Parser.parse("Inf")).value()).isInfinite();
        assertThat(Parser.parse("-x")).isInstanceOf(UnaryMinus.class);
    }

    @Test
    void aggregationGroupingInPrefixAndSuffixForm() {
        Aggregation prefix = (Aggregation) Parser.parse("sum by (source, queue) (weir_queue_messages)");
        Aggregation suffix = (Aggregation) Parser.parse("SUM(weir_queue_messages) without (queue)");
        assertThat(prefix.grouping()).containsExactly("source", "queue");
        assertThat(prefix.without()).isFalse();
        assertThat(suffix.operator()).isEqualTo(AggregationOperator.SUM);
        assertThat(suffix.grouping()).containsExactly("queue");
        assertThat(suffix.without()).isTrue();
        assertThat(((Aggregation) Parser.parse("count(x)")).grouping()).isEmpty();
    }

    @Test
    void vectorMatchingModifiers() {
        BinaryExpression on = (BinaryExpression) Parser.parse("a / on(source, group) b");
        assertThat(on.matching()).isEqualTo(new Expression.VectorMatching(true, List.of("source", "group")));
        BinaryExpression ignoring = (BinaryExpression) Parser.parse("a > bool ignoring(topic) b");
        assertThat(ignoring.matching()).isEqualTo(new Expression.VectorMatching(false, List.of("topic")));
        assertThat(((BinaryExpression) Parser.parse("a + b")).matching()).isEqualTo(Expression.VectorMatching.allLabels());
        assertThat(((BinaryExpression) Parser.parse("a + 1")).matching()).isNull();
    }

    @Test
    void functionArgumentsAreTypeChecked() {
        FunctionCall predict = (FunctionCall) Parser.parse("predict_linear((x[1h]), 4 * 3600)");
        assertThat(predict.arguments().get(0)).isInstanceOf(MatrixSelector.class);
        assertRefused("rate(x)", "expected type range vector in call to function \"rate\", got instant vector", 1, 6);
        assertRefused("absent(x[5m])", "expected type instant vector in call to function \"absent\", got range vector", 1, 8);
        assertRefused("predict_linear(x[5m])", "expected 2 argument(s) in call to \"predict_linear\", got 1", 1, 1);
    }

    @Test
    void commentsAndNewlinesAreAllowed() {
        assertThat(Parser.parse("sum by (source) ( # backlog per source\n  weir_queue_messages\n)"))
                .isInstanceOf(Aggregation.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            histogram_quantile(0.9, x)        | histogram_quantile is not supported by Weir's rule evaluator     | 1 | 1
            sum(irate(x[5m]))                 | irate is not supported by Weir's rule evaluator                  | 1 | 5
            topk(3, x)                        | topk is not supported by Weir's rule evaluator                   | 1 | 1
            quantile(0.5, x)                  | quantile is not supported by Weir's rule evaluator               | 1 | 1
            a and b                           | the and operator (set operation) is not supported by Weir's rule evaluator | 1 | 3
            a or b                            | the or operator (set operation) is not supported by Weir's rule evaluator  | 1 | 3
            a % 2                             | the % operator is not supported by Weir's rule evaluator         | 1 | 3
            a ^ 2                             | the ^ operator is not supported by Weir's rule evaluator         | 1 | 3
            a * on(x) group_left b            | group_left (many-to-one matching) is not supported by Weir's rule evaluator | 1 | 11
            rate(x[5m:1m])                    | subqueries ([range:resolution]) are not supported by Weir's rule evaluator  | 1 | 7
            max_over_time(rate(x[5m])[1h:])   | subqueries (a range on an expression that is not a selector) are not supported by Weir's rule evaluator | 1 | 26
            x @ 1000                          | the @ modifier is not supported by Weir's rule evaluator         | 1 | 3
            x offset -5m                      | negative offsets are not supported by Weir's rule evaluator      | 1 | 10
            nope(x)                           | unknown function with name "nope"                                | 1 | 1
            x[5m]                             | a range vector cannot be the result of a rule expression; apply a function such as rate() to it | 1 | 1
            1 > 2                             | comparisons between scalars must use BOOL modifier               | 1 | 3
            a + bool b                        | bool modifier can only be used on comparison operators           | 1 | 5
            1 + on(x) a                       | vector matching only allowed between instant vectors             | 1 | 5
            sum(1)                            | expected type instant vector in aggregation expression, got scalar | 1 | 5
            {queue=""}                        | vector selector must contain at least one non-empty matcher      | 1 | 1
            x{queue="a"                       | expected "}" to close the label matchers, got end of expression  | 1 | 12
            x{queue=~"("}                     | invalid regular expression "(": Unclosed group                   | 1 | 10
            x{queue=="a"}                     | unexpected "==" in label matching, expected one of =, !=, =~, !~ | 1 | 8
            "a string"                        | string literals are not supported by Weir's rule evaluator       | 1 | 1
            rate(x[5x])                       | bad number or duration syntax: "5x"                              | 1 | 8
            x y                               | unexpected "y"                                                   | 1 | 3
            (x                                | expected ")", got end of expression                              | 1 | 3
            sum by (a) (x) by (b)             | an aggregation can have only one by or without clause           | 1 | 16
            ''                                | empty expression                                                 | 1 | 1
            """)
    void constructsOutsideTheSubsetAreRefusedWithTheirPosition(String expression, String reason, int line, int column) {
        assertRefused(expression, reason, line, column);
    }

    @Test
    void positionsCountLinesAndColumns() {
        assertRefused("sum by (source) (\n  rate(x[5m])\n) + on(a) group_right b\n", 
                "group_right (many-to-one matching) is not supported by Weir's rule evaluator", 3, 11);
        assertThatThrownBy(() -> Parser.parse("x\n  + histogram_quantile(0.9, y)"))
                .hasMessage("histogram_quantile is not supported by Weir's rule evaluator (line 2, column 5)");
    }

    private static void assertRefused(String expression, String reason, int line, int column) {
        ThrowingCallable parse = () -> Parser.parse(expression);
        assertThatThrownBy(parse).isInstanceOfSatisfying(PromqlException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.column()).as("column").isEqualTo(column);
        });
    }
}
