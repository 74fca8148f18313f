package io.weir.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.sources.SourceSettings;
import io.weir.sources.builtin.BuiltinSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in broker's checks over what its source reads from a real broker in a temp dir. */
class BuiltinBrokerChecksTest {

    @TempDir
    Path directory;

    @Test
    void unsafeTopicAndOrderedGroupAreReportedAndTheSafeTopicIsNot() throws Exception {
        try (Broker broker = Broker.open(Files.createDirectories(directory.resolve("broker")), BrokerConfig.defaults())) {
            broker.createTopic("clicks", TopicConfig.partitions(1).withLog(LogConfig.defaults().withFlushPolicy(FlushPolicy.OS))
                    .withDedup(1000, Duration.ofMinutes(1)));
            broker.createGroup("clicks", "counter", GroupConfig.ordered());
            broker.createTopic("orders", TopicConfig.partitions(2)
                    .withBacklogLimit(100_000, 0, io.weir.broker.BacklogPolicy.REJECT, Duration.ZERO));
            broker.createGroup("orders", "billing", GroupConfig.shared(Duration.ofSeconds(30), 5));
            broker.fetch("clicks", "counter", "counter-1", 1, Duration.ZERO);
            broker.receive("orders", "billing", "billing-1", 1, Duration.ZERO);
            BuiltinSource source = new BuiltinSource(new SourceSettings("builtin", SourceKind.BUILTIN, "embedded",
                    Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS), () -> Optional.of(broker), directory);
            SourceSnapshot snapshot = SourceSnapshot.up("builtin", SourceKind.BUILTIN, "embedded", Instant.now(),
                    Duration.ZERO, source.read());

            List<Finding> findings = Checks.run(new CheckInput(snapshot, Map.of(), Map.of(), Thresholds.DEFAULTS));

            assertThat(findings.stream().filter(f -> f.object().equals("clicks")).map(Finding::check))
                    .containsExactlyInAnyOrder(BuiltinChecks.FLUSH, BuiltinChecks.DEDUP, BuiltinChecks.BACKLOG_LIMIT);
            assertThat(findings.stream().filter(f -> f.object().equals("counter")).map(Finding::check))
                    .containsExactly(BuiltinChecks.NO_DEAD_LETTERS);
            assertThat(findings.stream().filter(f -> f.object().equals("orders") || f.object().equals("billing"))).isEmpty();
        }
    }
}
