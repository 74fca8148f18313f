package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.weir.alerting.promql.Evaluator;
import io.weir.alerting.promql.VectorSample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule files shipped in {@code alert-rules/} pass {@code promtool check rules}, load in Weir
 * without errors, use only metrics Weir exports, and say what to check.
 */
class ShippedRulesTest {

    private static final Path DIR = Path.of("alert-rules");
    private static final Pattern METRIC = Pattern.compile("weir_[a-z_]+");

    @Test
    void shippedRulesPassPromtoolCheckRules() throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        files().forEach(file -> command.add(file.toString()));
        Process promtool;
        try {
            promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: run .ci/services up", e);
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void shippedRulesLoadInWeirWithSeverityAndAnnotations() throws IOException {
        RuleDirectory directory = new RuleDirectory(DIR, Duration.ofSeconds(15));
        assertThat(directory.scan()).isTrue();
        assertThat(directory.errors()).isEmpty();
        List<RuleDefinition> rules = directory.groups().stream().flatMap(group -> group.rules().stream()).toList();
        assertThat(rules).extracting(RuleDefinition::name).contains("SourceUnreachable", "BrokerNodeDown",
                "BrokerNodeAlarmed", "OfflinePartitions", "UnderReplicatedPartitions", "ConsumerLagHigh", "ConsumerStalled",
                "ConsumerStopped", "NoConsumers", "BacklogWillHitLimit", "DeadLetterQueueReceiving", "PublishRateCollapsed");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.labels()).containsKey("severity");
            assertThat(rule.annotations()).containsKeys("summary", "description", "runbook");
        });
    }

    @Test
    void shippedRulesUseOnlyMetricsInTheReadmeMetricsTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Path file : files()) {
            for (RuleGroupDefinition group : RuleFileParser.parse(file.toString(), Files.readString(file), Duration.ofSeconds(15))
                    .groups()) {
                for (RuleDefinition rule : group.rules()) {
                    Matcher metric = METRIC.matcher(rule.expressionText());
                    while (metric.find()) {
                        assertThat(readme).as(rule.name() + " uses " + metric.group()).contains("| `" + metric.group() + "` |");
                    }
                }
            }
        }
    }

    @Test
    void backlogWillHitLimitFiresOnlyForAGrowingQueueWithALimit() throws IOException {
        SeriesStore history = new SeriesStore(Duration.ofHours(1), 1000, 1000);
        long start = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
        for (int minute = 0; minute <= 30; minute++) {
            long at = start + minute * 60_000L;
            // Both grow by 10 messages a minute: 600 more in an hour.
            history.append(queueSeries("weir_queue_messages", "bounded"), at, 100 + 10 * minute);
            history.append(queueSeries("weir_queue_message_limit", "bounded"), at, 800);
            history.append(queueSeries("weir_queue_messages", "unbounded"), at, 100 + 10 * minute);
        }
        RuleDefinition rule = directoryRules().stream().filter(r -> r.name().equals("BacklogWillHitLimit")).findFirst().orElseThrow();

        List<VectorSample> firing = new Evaluator(history).evaluate(rule.expression(), Instant.ofEpochMilli(start + 30 * 60_000L))
                .asVector();

        assertThat(firing).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("queue", "bounded");
            assertThat(sample.value()).as("predicted backlog in an hour").isCloseTo(1000.0, within(1.0));
        });
    }

    private static SeriesKey queueSeries(String name, String queue) {
        return SeriesKey.of(name, Map.of("source", "rabbit", "vhost", "/", "queue", queue));
    }

    private static List<RuleDefinition> directoryRules() throws IOException {
        RuleDirectory directory = new RuleDirectory(DIR, Duration.ofSeconds(15));
        directory.scan();
        return directory.groups().stream().flatMap(group -> group.rules().stream()).toList();
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
