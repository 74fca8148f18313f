package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.promql.Evaluator;
import io.weir.alerting.promql.VectorSample;
import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.RecordingPipeline;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import io.weir.testing.LaggingGroup;
import io.weir.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shipped lag-in-seconds rules fire for a consumer stuck on a quiet topic, the case where a
 * stuck consumer is easiest to miss: its lag in time is the age of its next message (an hour),
 * not the span of Weir's history.
 */
class StuckConsumerLagRuleTest {

    @Test
    void shippedLagRulesFireForAKafkaGroupStuckAnHourOnAQuietTopic() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        String run = UUID.randomUUID().toString().substring(0, 8);
        LaggingGroup kafka = LaggingGroup.create("stuck-rule-" + run, "stuck-rule-group-" + run);
        RecordingPipeline pipeline = new RecordingPipeline();
        SourceSettings settings = new SourceSettings("kafka", SourceKind.KAFKA, TestServices.KAFKA_BOOTSTRAP,
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        try (KafkaSource source = new KafkaSource(settings)) {
            kafka.produceStamped(1000, Instant.now().minus(Duration.ofHours(1)));
            kafka.commit(400);
            Instant polledAt = pollUntilNextMessageRead(source, pipeline, kafka.group());

            for (String name : List.of("ConsumerLagHigh", "ConsumerLagCritical")) {
                RuleDefinition rule = shippedRule(name);
                List<VectorSample> holding = new Evaluator(pipeline.history()).evaluate(rule.expression(), polledAt)
                        .asVector().stream().filter(sample -> kafka.group().equals(sample.labels().get("group"))).toList();
                assertThat(holding).as(name + " holds at the first poll with the next message's timestamp")
                        .singleElement()
                        .satisfies(sample -> assertThat(sample.value()).isGreaterThan(3590));
                AlertingRule alerting = new AlertingRule(rule, new RuleGroupDefinition("consumers.yml", "consumers",
                        Duration.ofSeconds(15), List.of(rule)));
                alerting.apply(holding, polledAt);
                assertThat(alerting.apply(holding, polledAt.plus(rule.holdFor()))).as(name + " after its for")
                        .singleElement().extracting(Alert::state).isEqualTo(AlertState.FIRING);
            }
        } finally {
            kafka.delete();
        }
    }

    /**
     * Polls and records until a snapshot carries the group's next message (read in the background
     * after the first poll that sees the lag), at most 15 s; the time of that poll.
     */
    private static Instant pollUntilNextMessageRead(KafkaSource source, RecordingPipeline pipeline, String group)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Instant polledAt = Instant.now();
            BrokerSnapshot snapshot = source.read();
            pipeline.record(SourceSnapshot.up("kafka", SourceKind.KAFKA, source.settings().address(), polledAt,
                    Duration.ZERO, snapshot));
            boolean read = snapshot.groups().stream().filter(g -> g.group().equals(group))
                    .flatMap(g -> g.offsets().stream()).anyMatch(offset -> offset.nextRecord() != null);
            if (read || System.nanoTime() > end) {
                return polledAt;
            }
            Thread.sleep(200);
        }
    }

    private static RuleDefinition shippedRule(String name) throws Exception {
        RuleDirectory directory = new RuleDirectory(Path.of("alert-rules"), Duration.ofSeconds(15));
        directory.scan();
        return directory.groups().stream().flatMap(group -> group.rules().stream())
                .filter(rule -> rule.name().equals(name)).findFirst().orElseThrow();
    }
}
