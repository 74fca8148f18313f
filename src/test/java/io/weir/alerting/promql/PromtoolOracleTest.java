package io.weir.alerting.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prometheus itself checks Weir's numbers: each expression of the table is evaluated by Weir on
 * the fixture's history, Weir's result is written as the expected samples of a promtool unit test
 * over the same input series, and {@code promtool test rules} (Prometheus' own rule engine, which
 * compares values exactly) must pass. Needs {@code promtool} (Debian package {@code prometheus});
 * fails, rather than skips, without it.
 */
class PromtoolOracleTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final SeriesFixture HISTORY = new SeriesFixture(Duration.ofMinutes(1))
            .series("weir_queue_messages{source=\"a\",vhost=\"/\",queue=\"orders\"}", "0+10x30")
            .series("weir_queue_messages{source=\"a\",vhost=\"/\",queue=\"billing\"}", "100-3x30")
            .series("weir_queue_messages{source=\"b\",vhost=\"/\",queue=\"orders\"}", "7 9 4 12 _ 15 18 _ _ 30 28 26 41 40 39 55 50 60 61 75 70")
            .series("weir_queue_messages_ready{source=\"a\",vhost=\"/\",queue=\"orders\"}", "0+7x30")
            .series("weir_queue_messages_unacked{source=\"a\",vhost=\"/\",queue=\"orders\"}", "0+3x30")
            .series("weir_queue_messages_ready{source=\"a\",vhost=\"/\",queue=\"billing\"}", "50x30")
            .series("weir_queue_messages_unacked{source=\"a\",vhost=\"/\",queue=\"billing\"}", "1.5+0.1x30")
            .series("weir_queue_published_total{source=\"a\",queue=\"orders\"}",
                    "0 10 20 30 5 15 25 3 13 23 33 43 53 63 73 83 93 103 113 123 133")
            .series("weir_queue_published_total{source=\"b\",queue=\"orders\"}", "1000+17.3x30")
            .series("weir_consumergroup_lag_seconds{source=\"a\",group=\"g1\",topic=\"t1\"}",
                    "1 3 2 5 8 13 21 34 55 89 144 233 377 610 987 1597 2584 4181 6765 10946 17711")
            .series("weir_consumergroup_lag_seconds{source=\"a\",group=\"g2\",topic=\"t1\"}",
                    "0.5 0.25 1.75 3.3 2.2 0.9 4.1 7.7 6.05 9.95 12.5 11.1 15.3 14.2 18.9 21.4 19.8 25.5 24.1 27.7 31.3")
            .series("weir_consumergroup_members{source=\"a\",group=\"g1\"}", "3x30")
            .series("weir_consumergroup_members{source=\"a\",group=\"g2\"}", "2x10 0x20")
            .series("weir_consumergroup_status{source=\"a\",group=\"g1\"}", "0 0 1 1 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2")
            .series("weir_consumergroup_status{source=\"a\",group=\"g2\"}", "0x30")
            .series("weir_source_up{source=\"a\"}", "1x30")
            .series("weir_source_up{source=\"b\"}", "1 1 1 0 0 0 1 1 1 1");

    /** An expression, when to evaluate it, and whether Weir (and so Prometheus) should find nothing. */
    record Case(String expression, String evalTime, boolean empty) {
        static Case of(String expression, String evalTime) {
            return new Case(expression, evalTime, false);
        }

        static Case none(String expression, String evalTime) {
            return new Case(expression, evalTime, true);
        }
    }

    static final List<Case> CASES = List.of(
            Case.of("rate(weir_queue_published_total[5m])", "10m"),
            Case.of("increase(weir_queue_published_total[10m])", "10m"),
            Case.of("increase(weir_queue_published_total[3m])", "2m30s"),
            Case.of("rate(weir_queue_published_total{source=\"b\"}[7m]) * 60", "20m30s"),
            Case.of("rate(weir_queue_messages[5m])", "20m"),
            Case.of("delta(weir_queue_messages[10m])", "17m30s"),
            Case.of("delta(weir_queue_messages{source=\"b\"}[4m])", "8m"),
            Case.of("deriv(weir_consumergroup_lag_seconds[10m])", "20m"),
            Case.of("deriv(weir_queue_messages_ready{queue=\"billing\"}[5m])", "20m"),
            Case.of("predict_linear(weir_queue_messages[10m], 3600)", "20m"),
            Case.of("predict_linear(weir_consumergroup_lag_seconds{group=\"g2\"}[5m], 600)", "12m"),
            Case.of("avg_over_time(weir_consumergroup_lag_seconds[5m])", "10m"),
            Case.of("min_over_time(weir_consumergroup_lag_seconds{group=\"g2\"}[7m]) + on(source) max_over_time(weir_queue_messages{source=\"a\",queue=\"orders\"}[3m] offset 2m)", "14m"),
            Case.of("max_over_time(weir_queue_messages_unacked[1h])", "25m"),
            Case.of("sum by (source) (weir_queue_messages)", "10m"),
            Case.of("sum(weir_queue_messages) without (queue)", "10m"),
            Case.of("avg without (vhost, queue) (weir_queue_messages_ready)", "13m"),
            Case.of("count by (source) (weir_queue_messages)", "6m"),
            Case.of("max(weir_consumergroup_lag_seconds) by (topic) - min by (topic) (weir_consumergroup_lag_seconds)", "9m"),
            Case.of("avg(weir_consumergroup_lag_seconds{group=\"g2\"} / 7)", "15m"),
            Case.of("weir_queue_messages > 50", "10m"),
            Case.of("weir_queue_messages > bool 50", "10m"),
            Case.of("70 >= weir_queue_messages", "10m"),
            Case.of("weir_consumergroup_status == 2", "10m"),
            Case.of("weir_consumergroup_status != bool 0", "3m"),
            Case.of("weir_queue_messages_ready + weir_queue_messages_unacked", "12m"),
            Case.of("weir_queue_messages == weir_queue_messages_ready", "0m"),
            Case.of("weir_queue_messages_unacked{queue=\"orders\"} / ignoring(queue) weir_queue_messages_ready{queue=\"billing\"}", "4m"),
            Case.of("weir_consumergroup_lag_seconds / on(source, group) weir_consumergroup_members", "8m"),
            Case.of("weir_consumergroup_lag_seconds > bool on(group, source) (weir_consumergroup_members * 10)", "8m"),
            Case.of("weir_consumergroup_lag_seconds > on(group, source) (weir_consumergroup_members * 10)", "8m"),
            Case.of("weir_consumergroup_lag_seconds >= ignoring(topic) weir_consumergroup_members", "5m"),
            Case.of("sum by (source) (rate(weir_queue_published_total[5m])) > 0.1", "15m"),
            Case.of("increase(weir_queue_published_total[5m] offset 5m)", "12m"),
            Case.of("count without (queue, vhost) (weir_queue_messages > 20)", "10m"),
            Case.of("max by (source) (weir_source_up) < bool 1", "4m"),
            Case.of("deriv(weir_queue_messages{source=\"b\"}[6m]) * 60 > 0", "20m"),
            Case.of("-weir_queue_messages{queue=~\"ord.*\", source!~\"b\"} + 2 * 3", "5m"),
            Case.of("weir_queue_messages{queue=\"orders\",vhost=~\"/|x\"} offset 3m", "10m"),
            Case.of("weir_source_up{source=\"b\"}", "14m"),
            Case.none("weir_source_up{source=\"b\"}", "14m1s"),
            Case.of("absent(weir_source_up{source=\"c\", job=\"weir\", queue=~\"q.*\"})", "5m"),
            Case.none("absent(weir_source_up{source=\"a\"})", "5m"),
            Case.of("absent(weir_source_up{source=\"b\"} == 0)", "1m"),
            Case.of("(1 + 2) * 3 > bool 8", "1m"));

    @Test
    void prometheusAgreesWithEveryResultOfWeir() throws Exception {
        assertThat(Files.isExecutable(PROMTOOL))
                .as("promtool (Debian package prometheus) must be installed at %s for the oracle test", PROMTOOL)
                .isTrue();
        Evaluator evaluator = new Evaluator(HISTORY.store());
        StringBuilder tests = new StringBuilder();
        for (Case test : CASES) {
            List<VectorSample> result;
            try {
                result = evaluator.evaluate(Parser.parse(test.expression()), at(test.evalTime())).asVector();
            } catch (RuntimeException e) {
                throw new AssertionError("Weir failed on " + test.expression() + " at " + test.evalTime(), e);
            }
            assertThat(result).as("Weir's result of %s at %s", test.expression(), test.evalTime())
                    .matches(r -> r.isEmpty() == test.empty(), test.empty() ? "empty" : "not empty");
            appendTest(tests, test, result);
        }
        // Kept under target/ so a failure can be rerun by hand: promtool test rules <file>
        Path file = Files.createDirectories(Path.of("target", "promtool-oracle")).resolve("weir-oracle-test.yml");
        Files.writeString(file, testFile(tests), StandardCharsets.UTF_8);

        // promtool loads the input series in random order, and Prometheus aggregates in storage order:
        // several runs catch a case whose result depends on that order (see package-info).
        for (int run = 0; run < 5; run++) {
            Process promtool = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(promtool.exitValue()).as("promtool test rules %s (run %d):%n%s", file.toAbsolutePath(), run + 1,
                    output).isZero();
        }
    }

    private static Instant at(String evalTime) {
        return Instant.ofEpochMilli(Durations.millis(evalTime));
    }

    private static String testFile(StringBuilder tests) {
        StringBuilder file = new StringBuilder("rule_files: []\nevaluation_interval: 1m\ntests:\n");
        file.append("  - interval: ").append(HISTORY.interval().toMinutes()).append("m\n    input_series:\n");
        for (SeriesFixture.Series series : HISTORY.series()) {
            file.append("      - series: ").append(quote(series.selector())).append('\n');
            file.append("        values: ").append(quote(series.values())).append('\n');
        }
        return file.append("    promql_expr_test:\n").append(tests).toString();
    }

    private static void appendTest(StringBuilder tests, Case test, List<VectorSample> result) {
        tests.append("      - expr: ").append(quote(test.expression())).append('\n');
        tests.append("        eval_time: ").append(test.evalTime()).append('\n');
        if (result.isEmpty()) {
            tests.append("        exp_samples: []\n");
            return;
        }
        tests.append("        exp_samples:\n");
        for (VectorSample sample : result) {
            tests.append("          - labels: ").append(quote(promtoolLabels(sample.labels()))).append('\n');
            tests.append("            value: ").append(exact(sample.value())).append('\n');
        }
    }

    /** The double's exact decimal expansion: promtool compares values exactly, so nothing may round. */
    static String exact(double value) {
        return new BigDecimal(value).toPlainString();
    }

    private static String promtoolLabels(Map<String, String> labels) {
        StringBuilder text = new StringBuilder(labels.getOrDefault(VectorSample.NAME, "")).append('{');
        labels.forEach((k, v) -> {
            if (!k.equals(VectorSample.NAME)) {
                text.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
            }
        });
        if (text.charAt(text.length() - 1) == ',') {
            text.setLength(text.length() - 1);
        }
        return text.append('}').toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Test
    void exactDecimalsKeepEveryBit() throws IOException {
        assertThat(Double.parseDouble(exact(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
        assertThat(exact(-25)).isEqualTo("-25");
    }
}
