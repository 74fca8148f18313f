package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule files are validated like promtool does, and every refusal names the file, the line and the reason. */
class RuleFileParserTest {

    private static final Duration DEFAULT = Duration.ofSeconds(15);

    @Test
    void validFileGivesGroupsWithRulesDurationsLabelsAndAnnotations() {
        RuleFileParser.Result result = parse("""
                groups:
                  - name: queues
                    interval: 30s
                    rules:
                      - alert: BacklogHigh
                        expr: weir_queue_messages > 100
                        for: 5m
                        keep_firing_for: 1m
                        labels:
                          severity: warning
                        annotations:
                          summary: "{{ $labels.queue }} holds {{ $value }} messages"
                  - name: sources
                    rules:
                      - alert: SourceDown
                        expr: weir_source_up == 0
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.groups()).extracting(RuleGroupDefinition::name).containsExactly("queues", "sources");
        RuleGroupDefinition queues = result.groups().get(0);
        assertThat(queues.interval()).isEqualTo(Duration.ofSeconds(30));
        RuleDefinition rule = queues.rules().get(0);
        assertThat(rule.holdFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.keepFiringFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rule.labels()).containsEntry("severity", "warning");
        assertThat(rule.line()).isEqualTo(5);
        assertThat(result.groups().get(1).interval()).isEqualTo(DEFAULT);
        assertThat(result.groups().get(1).rules().get(0).holdFor()).isZero();
    }

    @Test
    void yamlSyntaxErrorIsReportedAtItsLine() {
        assertThat(errors("""
                groups:
                  - name: queues
                    rules: [
                """)).singleElement().satisfies(error -> {
                    assertThat(error.file()).isEqualTo("test.yml");
                    assertThat(error.line()).isEqualTo(4);
                    assertThat(error.reason()).startsWith("YAML syntax");
                });
    }

    @Test
    void unknownKeyIsReportedAtItsLineWithTheAllowedKeys() {
        assertThat(errors("""
                groups:
                  - name: queues
                    rules:
                      - alert: BacklogHigh
                        expr: weir_queue_messages > 100
                        fro: 5m
                """)).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(6);
                    assertThat(error.reason()).contains("unknown key \"fro\"").contains("keep_firing_for");
                });
    }

    @Test
    void repeatedGroupNameInOneFileIsRefused() {
        assertThat(errors("""
                groups:
                  - name: queues
                    rules: []
                  - name: queues
                    rules: []
                """)).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(4);
                    assertThat(error.reason()).contains("\"queues\" is repeated");
                });
    }

    @Test
    void badDurationsAreRefused() {
        List<RuleLoadError> errors = errors("""
                groups:
                  - name: queues
                    interval: 0s
                    rules:
                      - alert: BacklogHigh
                        expr: weir_queue_messages > 100
                        for: 5
                        keep_firing_for: ten minutes
                """);
        assertThat(errors).extracting(RuleLoadError::line).containsExactly(3, 7, 8);
        assertThat(errors.get(1).reason()).contains("\"for\": not a valid duration: \"5\"");
    }

    @Test
    void promqlOutsideTheSubsetIsReportedAtTheLineInsideALiteralBlock() {
        assertThat(errors("""
                groups:
                  - name: queues
                    rules:
                      - alert: Quantile
                        expr: |
                          sum by (queue) (weir_queue_messages)
                            > histogram_quantile(0.9, weir_queue_messages)
                """)).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(7);
                    assertThat(error.reason()).contains("rule \"Quantile\"").contains("histogram_quantile")
                            .contains("expression line 2");
                });
    }

    @Test
    void promqlErrorInAOneLineExpressionIsReportedAtTheExprLine() {
        assertThat(errors("""
                groups:
                  - name: queues
                    rules:
                      - alert: SetOperation
                        expr: weir_queue_messages > 10 and weir_queue_consumers == 0
                """)).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(5);
                    assertThat(error.reason()).contains("and operator").contains("column 26");
                });
    }

    @Test
    void recordingRulesAreRefusedWithAClearMessage() {
        assertThat(errors("""
                groups:
                  - name: recorded
                    rules:
                      - record: queue:messages:sum
                        expr: sum(weir_queue_messages)
                """)).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(4);
                    assertThat(error.reason()).contains("recording rules (record:) are not supported");
                });
    }

    @Test
    void unsupportedTemplateAndBadLabelNameAreRefused() {
        List<RuleLoadError> errors = errors("""
                groups:
                  - name: queues
                    rules:
                      - alert: BacklogHigh
                        expr: weir_queue_messages > 100
                        labels:
                          bad-name: x
                        annotations:
                          summary: "{{ range $labels }}x{{ end }}"
                """);
        assertThat(errors).extracting(RuleLoadError::line).containsExactly(7, 9);
        assertThat(errors.get(1).reason()).contains("is not supported");
    }

    @Test
    void ruleWithoutExprOrAlertIsRefused() {
        List<RuleLoadError> errors = errors("""
                groups:
                  - name: queues
                    rules:
                      - alert: NoExpression
                      - expr: weir_source_up == 0
                """);
        assertThat(errors).extracting(RuleLoadError::reason)
                .containsExactly("rule \"NoExpression\" needs an \"expr\"", "a rule of group \"queues\" needs an \"alert\" name");
    }

    @Test
    void emptyFileHasNoGroupsAndNoErrors() {
        RuleFileParser.Result result = parse("# nothing yet\n");
        assertThat(result.groups()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }

    private static RuleFileParser.Result parse(String text) {
        return RuleFileParser.parse("test.yml", text, DEFAULT);
    }

    private static List<RuleLoadError> errors(String text) {
        RuleFileParser.Result result = parse(text);
        assertThat(result.groups()).as("a file with errors yields no groups").isEmpty();
        return result.errors();
    }
}
