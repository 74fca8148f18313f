package io.weir.sources.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shared group's dead letters as the built-in source reports them: the group names its own dead-letter topic. */
class BuiltinSourceDeadLetterTest {

    @TempDir
    Path directory;

    @Test
    void sharedGroupNamesItsDeadLetterTopicWhichHoldsTheRejectedMessages() throws Exception {
        try (Broker broker = Broker.open(directory, BrokerConfig.defaults())) {
            broker.createTopic("orders", TopicConfig.partitions(1));
            broker.createGroup("orders", "billing", GroupConfig.shared(Duration.ofSeconds(30), 1));
            broker.publish("orders", List.of(OutgoingMessage.of("poison 1"), OutgoingMessage.of("poison 2")));
            for (Delivery delivery : broker.receive("orders", "billing", "w1", 2, Duration.ofSeconds(2))) {
                broker.nack(delivery.receipt(), "cannot parse");
            }
            BuiltinSource source = new BuiltinSource(new SourceSettings("builtin", SourceKind.BUILTIN, "embedded",
                    Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS), () -> Optional.of(broker), directory);

            BrokerSnapshot snapshot = source.read();

            GroupSnapshot billing = snapshot.groups().stream().filter(g -> g.group().equals("billing")).findFirst().orElseThrow();
            assertThat(billing.deadLetterQueue()).isEqualTo("orders.billing.dlq");
            QueueSnapshot deadLetters = snapshot.queues().stream()
                    .filter(q -> q.qualifiedName().equals(billing.deadLetterQueue())).findFirst().orElseThrow();
            assertThat(deadLetters.deadLetter()).isTrue();
            assertThat(deadLetters.messages()).isEqualTo(2);
            assertThat(source.settings().address()).isEqualTo(directory.toAbsolutePath().toString());
        }
    }
}
