package io.weir.alerting.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private SeriesFixture history = new SeriesFixture(Duration.ofMinutes(1));

    private List<VectorSample> eval(String expression, String at) {
        return new Evaluator(history.store()).evaluate(Parser.parse(expression), Instant.ofEpochMilli(Durations.millis(at)))
                .asVector();
    }

    private double single(String expression, String at) {
        List<VectorSample> result = eval(expression, at);
        assertThat(result).as(expression).hasSize(1);
        return result.get(0).value();
    }

    @Test
    void instantSelectorTakesTheLatestSampleWithinFiveMinutes() {
        history.series("up{source=\"a\"}", "1 0");
        assertThat(single("up", "30s")).isEqualTo(1);
        assertThat(single("up", "6m")).isEqualTo(0);
        assertThat(eval("up", "6m1s")).isEmpty();
    }

    @Test
    void selectionKeepsTheNameAndMatchesLabels() {
        history.series("q{source=\"a\",queue=\"orders\"}", "1").series("q{source=\"b\",queue=\"billing\"}", "2");
        assertThat(eval("q{queue=~\"ord.*\"}", "0s")).containsExactly(
                VectorSample.of(Map.of("__name__", "q", "source", "a", "queue", "orders"), 1));
        assertThat(eval("{__name__=\"q\", source!=\"a\"}", "0s")).extracting(VectorSample::value).containsExactly(2.0);
        assertThat(eval("q{team=\"\"}", "0s")).hasSize(2);
    }

    @Test
    void rangeSelectorIncludesBothEndsOfTheRange() {
        history.series("m{}", "5 1 2 3 9");
        assertThat(single("min_over_time(m[3m])", "4m")).isEqualTo(1);
        assertThat(single("max_over_time(m[3m])", "3m")).isEqualTo(5);
        assertThat(single("avg_over_time(m[2m])", "4m")).isCloseTo(14.0 / 3, within(1e-12));
    }

    @Test
    void increaseAddsCounterResetsBack() {
        history.series("c{}", "0 10 20 5");
        assertThat(single("increase(c[3m])", "3m")).isEqualTo(25);
        assertThat(single("rate(c[3m])", "3m")).isEqualTo(25.0 / 180);
    }

    @Test
    void counterIsNotExtrapolatedBelowZero() {
        history.series("c{}", "0 10 20");
        // Start boundary 3m before the first sample, but the counter was 0 there: no extrapolation.
        assertThat(single("increase(c[5m])", "2m")).isEqualTo(20);
        assertThat(single("delta(c[5m])", "2m")).isEqualTo(20 * 150.0 / 120);
    }

    @Test
    void gapToTheBoundaryOverOnePointOneIntervalsExtrapolatesHalfAnInterval() {
        history.series("g{}", "_ _ 10 20");
        // Samples at 2m and 3m in [0, 4m]: 120 s to the start and 60 s to the end, interval 60 s.
        assertThat(single("delta(g[4m])", "4m")).isEqualTo(10 * (60 + 30 + 60) / 60.0);
    }

    @Test
    void deltaDoesNotTreatDecreasesAsResets() {
        history.series("g{}", "10 0");
        assertThat(single("delta(g[1m])", "1m")).isEqualTo(-10);
        assertThat(single("increase(g[1m])", "1m")).isEqualTo(0);
    }

    @Test
    void rateLikeFunctionsNeedTwoSamplesAndDropTheName() {
        history.series("c{source=\"a\"}", "1").series("c{source=\"b\"}", "1 2");
        assertThat(eval("rate(c[5m])", "1m")).containsExactly(VectorSample.of(Map.of("source", "b"), 1.0 / 300 * 2));
    }

    @Test
    void derivIsTheLeastSquaresSlopePerSecond() {
        history.series("g{}", "0 60 120 180");
        assertThat(single("deriv(g[5m])", "3m")).isCloseTo(1, within(1e-12));
        history = new SeriesFixture(Duration.ofMinutes(1)).series("g{}", "7x5");
        assertThat(single("deriv(g[5m])", "5m")).isZero();
    }

    @Test
    void predictLinearExtendsTheLineFromTheEvaluationTime() {
        history.series("g{}", "0 60 120");
        assertThat(single("predict_linear(g[5m], 60)", "2m")).isCloseTo(180, within(1e-9));
        assertThat(single("predict_linear(g[5m], 3600 * 2)", "2m")).isCloseTo(120 + 7200, within(1e-9));
    }

    @Test
    void aggregationsGroupByOrWithoutLabels() {
        history.series("q{source=\"a\",queue=\"x\"}", "1").series("q{source=\"a\",queue=\"y\"}", "3")
                .series("q{source=\"b\",queue=\"x\"}", "10");
        assertThat(eval("sum by (source) (q)", "0s")).containsExactly(
                VectorSample.of(Map.of("source", "a"), 4), VectorSample.of(Map.of("source", "b"), 10));
        assertThat(eval("max without (source) (q)", "0s")).containsExactly(
                VectorSample.of(Map.of("queue", "x"), 10), VectorSample.of(Map.of("queue", "y"), 3));
        assertThat(eval("min(q)", "0s")).containsExactly(VectorSample.of(Map.of(), 1));
        assertThat(eval("avg(q)", "0s")).containsExactly(VectorSample.of(Map.of(), 14.0 / 3));
        assertThat(eval("count(q) by (queue)", "0s")).extracting(VectorSample::value).containsExactly(2.0, 1.0);
        assertThat(eval("sum(nothing)", "0s")).isEmpty();
    }

    @Test
    void comparisonsFilterAndKeepTheLeftElementUnlessBool() {
        history.series("q{queue=\"x\"}", "1").series("q{queue=\"y\"}", "5");
        assertThat(eval("q > 2", "0s")).containsExactly(VectorSample.of(Map.of("__name__", "q", "queue", "y"), 5));
        assertThat(eval("2 < q", "0s")).containsExactly(VectorSample.of(Map.of("__name__", "q", "queue", "y"), 5));
        assertThat(eval("q > bool 2", "0s")).containsExactly(
                VectorSample.of(Map.of("queue", "x"), 0), VectorSample.of(Map.of("queue", "y"), 1));
        assertThat(eval("q * 2 - 1", "0s")).extracting(VectorSample::name).containsOnlyNulls();
        assertThat(eval("-q", "0s")).containsExactly(
                VectorSample.of(Map.of("queue", "x"), -1), VectorSample.of(Map.of("queue", "y"), -5));
    }

    @Test
    void vectorsMatchOnAllLabelsButTheNameByDefault() {
        history.series("ready{queue=\"x\"}", "3").series("unacked{queue=\"x\"}", "4")
                .series("ready{queue=\"y\"}", "1");
        assertThat(eval("ready + unacked", "0s")).containsExactly(VectorSample.of(Map.of("queue", "x"), 7));
        assertThat(eval("ready < unacked", "0s")).containsExactly(
                VectorSample.of(Map.of("__name__", "ready", "queue", "x"), 3));
        assertThat(eval("ready >= bool unacked", "0s")).containsExactly(VectorSample.of(Map.of("queue", "x"), 0));
    }

    @Test
    void onAndIgnoringChooseTheMatchingLabelsAndShapeTheResult() {
        history.series("lag{group=\"g\",topic=\"t\"}", "30").series("members{group=\"g\",kind=\"k\"}", "3");
        assertThat(eval("lag / on(group) members", "0s")).containsExactly(VectorSample.of(Map.of("group", "g"), 10));
        assertThat(eval("lag / ignoring(topic, kind) members", "0s")).containsExactly(
                VectorSample.of(Map.of("group", "g"), 10));
        assertThat(eval("lag / members", "0s")).isEmpty();
    }

    @Test
    void manyToOneMatchesFailAsInPrometheus() {
        history.series("lag{group=\"g\",topic=\"t1\"}", "30").series("lag{group=\"g\",topic=\"t2\"}", "20")
                .series("members{group=\"g\"}", "3");
        assertThatThrownBy(() -> eval("lag / on(group) members", "0s")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("many-to-one matching must be explicit");
        assertThatThrownBy(() -> eval("members / on(group) lag", "0s")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("found duplicate series for the match group {group=\"g\"} on the right hand-side");
    }

    @Test
    void droppingTheNameMustNotLeaveDuplicateLabelSets() {
        history.series("a{queue=\"x\"}", "1 2").series("b{queue=\"x\"}", "1 2");
        assertThatThrownBy(() -> eval("rate({__name__=~\"a|b\"}[5m])", "1m")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("vector cannot contain metrics with the same labelset");
        assertThat(eval("{__name__=~\"a|b\"} > 0", "1m")).hasSize(2);
    }

    @Test
    void absentReturnsOneElementWithTheEqualityMatchersLabels() {
        history.series("up{source=\"a\"}", "1");
        assertThat(eval("absent(up{source=\"a\"})", "0s")).isEmpty();
        assertThat(eval("absent(up{source=\"z\", job=\"weir\", queue=~\"q.*\"})", "0s")).containsExactly(
                VectorSample.of(Map.of("source", "z", "job", "weir"), 1));
        assertThat(eval("absent(up{source=\"a\"} == 0)", "0s")).containsExactly(VectorSample.of(Map.of(), 1));
        assertThat(eval("absent(nothing{source=\"a\",source=\"b\"})", "0s")).containsExactly(
                VectorSample.of(Map.of(), 1));
    }

    @Test
    void offsetLooksBackInTime() {
        history.series("g{}", "1 2 3 4 5 6 7");
        assertThat(single("g offset 2m", "6m")).isEqualTo(5);
        assertThat(single("max_over_time(g[1m] offset 3m)", "6m")).isEqualTo(4);
    }

    @Test
    void scalarExpressionsGiveAScalar() {
        EvaluationResult result = new Evaluator(history.store()).evaluate(Parser.parse("(1 + 2) * -3 > bool -10"), Instant.EPOCH);
        assertThat(result).isEqualTo(new EvaluationResult.Scalar(1));
        assertThat(result.asVector()).containsExactly(VectorSample.of(Map.of(), 1));
    }

    @Test
    void emptyLabelValuesAreNoLabels() {
        history.series("q{queue=\"\",source=\"a\"}", "1");
        assertThat(eval("q", "0s")).containsExactly(VectorSample.of(Map.of("__name__", "q", "source", "a"), 1));
    }
}
