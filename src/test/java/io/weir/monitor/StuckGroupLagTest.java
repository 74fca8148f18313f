package io.weir.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import io.weir.monitor.lag.LagEstimate;
import io.weir.monitor.lag.LagTracker;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.builtin.BuiltinSource;
import io.weir.sources.kafka.KafkaSource;
import io.weir.testing.LaggingGroup;
import io.weir.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group stuck for an hour on a quiet topic (written once, an hour ago): its lag in time is the
 * age of the first message it has yet to read, read from that message's timestamp, and it grows
 * with the clock from poll to poll although nothing on the topic moves. The message is read in
 * the background after the first poll that sees the group lag, so the figure is exact from a
 * later poll on.
 */
class StuckGroupLagTest {

    private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    private static final Duration BETWEEN_POLLS = Duration.ofSeconds(3);
    private static final Duration READ_PATIENCE = Duration.ofSeconds(15);

    private final LagTracker tracker = new LagTracker();
    private final SnapshotRecorder recorder = new SnapshotRecorder(new MonitorMetrics(new SimpleMeterRegistry()),
            new SeriesStore(Duration.ofHours(1), 100, 1000), tracker);

    @Test
    void kafkaGroupStuckOnAQuietTopicLagsByTheAgeOfItsNextMessage() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        String run = UUID.randomUUID().toString().substring(0, 8);
        LaggingGroup kafka = LaggingGroup.create("stuck-" + run, "stuck-group-" + run);
        try (KafkaSource source = new KafkaSource(settings(SourceKind.KAFKA, TestServices.KAFKA_BOOTSTRAP))) {
            kafka.produceStamped(1000, AN_HOUR_AGO);
            kafka.commit(400);
            assertLagGrowsWithTheClock(source, kafka.group(), kafka.topic(), AN_HOUR_AGO.plusMillis(400));
        } finally {
            kafka.delete();
        }
    }

    @Test
    void builtInGroupStuckOnAQuietTopicLagsByTheAgeOfItsNextMessage(@TempDir Path directory) throws Exception {
        try (Broker broker = Broker.open(directory, BrokerConfig.defaults())) {
            broker.createTopic("orders", TopicConfig.partitions(1));
            List<OutgoingMessage> messages = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                messages.add(OutgoingMessage.of("v" + i).withTimestamp(AN_HOUR_AGO.plusMillis(i)));
            }
            broker.publish("orders", messages);
            broker.createGroup("orders", "billing", GroupConfig.ordered());
            broker.fetch("orders", "billing", "stuck", 400, Duration.ZERO);
            broker.commit("orders", "billing", "stuck", Map.of(0, 400L));
            broker.leaveGroup("orders", "billing", "stuck");
            try (BuiltinSource source = new BuiltinSource(settings(SourceKind.BUILTIN, "embedded"),
                    () -> Optional.of(broker), directory)) {
                assertLagGrowsWithTheClock(source, "billing", "orders", AN_HOUR_AGO.plusMillis(400));
            }
        }
    }

    private void assertLagGrowsWithTheClock(BrokerSource source, String group, String topic, Instant nextMessage)
            throws Exception {
        LagEstimate first = pollUntilExact(source, group, topic);
        Thread.sleep(BETWEEN_POLLS.toMillis());
        LagEstimate second = poll(source, group, topic);
        Duration expected = Duration.between(nextMessage, Instant.now());

        assertThat(first.method()).as("exact within " + READ_PATIENCE).isEqualTo(LagEstimate.Method.EXACT);
        assertThat(second.quality()).isEqualTo(LagEstimate.Quality.FROM_TIMESTAMP);
        assertThat(second.method()).isEqualTo(LagEstimate.Method.EXACT);
        assertThat(second.lag().orElseThrow().toMillis()).as("now minus the next message's timestamp")
                .isCloseTo(expected.toMillis(), within(1000L));
        assertThat(second.lag().orElseThrow().minus(first.lag().orElseThrow()).toMillis()).as("growth between polls")
                .isCloseTo(BETWEEN_POLLS.toMillis(), within(1000L));
        assertThat(recorder.history().latest(SeriesKey.of(MonitorMetrics.GROUP_LAG_SECONDS,
                Map.of("source", source.name(), "group", group, "topic", topic))).orElseThrow().value())
                .as("the exported lag in seconds").isCloseTo(second.lag().orElseThrow().toMillis() / 1000.0, within(0.001));
    }

    /** The first poll hands the next message to the background reader; a poll after its read is exact. */
    private LagEstimate pollUntilExact(BrokerSource source, String group, String topic) throws Exception {
        long end = System.nanoTime() + READ_PATIENCE.toNanos();
        while (true) {
            LagEstimate estimate = poll(source, group, topic);
            if (estimate.method() == LagEstimate.Method.EXACT || System.nanoTime() > end) {
                return estimate;
            }
            Thread.sleep(200);
        }
    }

    private LagEstimate poll(BrokerSource source, String group, String topic) throws Exception {
        Instant at = Instant.now();
        SourceSnapshot snapshot = SourceSnapshot.up(source.name(), source.kind(), source.settings().address(), at,
                Duration.ZERO, source.read());
        recorder.record(snapshot);
        return tracker.groupTopicLag(source.name(), group, topic);
    }

    private static SourceSettings settings(SourceKind kind, String address) {
        return new SourceSettings(kind.configName(), kind, address, Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
    }
}
