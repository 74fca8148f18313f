package io.weir.sources.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.BacklogPolicy;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.TopicConfig;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in broker's backlog limits as its source reports them, on a real broker in a temp dir. */
class BuiltinSourceLimitTest {

    @TempDir
    Path directory;

    @Test
    void topicWithAMessageLimitReportsItAndOneWithoutReportsNone() throws Exception {
        try (Broker broker = Broker.open(Files.createDirectories(directory.resolve("broker")), BrokerConfig.defaults())) {
            broker.createTopic("bounded", TopicConfig.partitions(2)
                    .withBacklogLimit(500, 0, BacklogPolicy.REJECT, Duration.ZERO));
            broker.createTopic("unbounded", TopicConfig.partitions(1));
            BuiltinSource source = new BuiltinSource(new SourceSettings("builtin", SourceKind.BUILTIN, "embedded",
                    Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS), () -> Optional.of(broker), directory);

            Map<String, QueueSnapshot> topics = new java.util.HashMap<>();
            source.read().queues().forEach(queue -> topics.put(queue.name(), queue));

            assertThat(topics.get("bounded").messageLimit()).isEqualTo(500);
            assertThat(topics.get("unbounded").limit()).isEmpty();
        }
    }
}
