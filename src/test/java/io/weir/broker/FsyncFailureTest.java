package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.Fsync;
import io.weir.broker.log.LogConfig;
import io.weir.broker.log.StorageFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An fsync error is fatal for the broker's partition: it stops acknowledging publishes with the
 * not-durable error, even once the disk would work again, and serves again after a restart. The
 * broker, its logs and their files are real; only the fsync call is replaced, because a disk whose
 * fsync fails cannot be produced in a test.
 */
class FsyncFailureTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Brokers.T0);
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Fsync flaky = channel -> {
        if (failing.get()) {
            throw new IOException("simulated EIO from fsync");
        }
        channel.force(false);
    };

    @ParameterizedTest
    @EnumSource(value = FlushPolicy.class, names = {"GROUP_COMMIT", "PER_MESSAGE"})
    void failedFsyncStopsAcknowledgingUntilTheBrokerIsReopened(FlushPolicy policy) throws Exception {
        TopicConfig topic = TopicConfig.partitions(1).withLog(LogConfig.defaults().withFlushPolicy(policy));
        try (Broker broker = Broker.open(dir, Brokers.config(clock), flaky)) {
            broker.createTopic("t", topic);
            broker.createGroup("t", "g", GroupConfig.ordered());
            broker.publish("t", List.of(message("a"), message("b")));

            failing.set(true);
            assertThatThrownBy(() -> broker.publish("t", List.of(message("c"))))
                    .isInstanceOf(StorageFailedException.class).hasMessageContaining("not durable")
                    .hasRootCauseMessage("simulated EIO from fsync");
            failing.set(false);
            assertThatThrownBy(() -> broker.publish("t", List.of(message("d"))))
                    .as("a later publish, with the disk working again")
                    .isInstanceOf(StorageFailedException.class).hasMessageContaining("not durable");

            assertThat(ids(broker.fetch("t", "g", "c", 10, Duration.ZERO)))
                    .as("consumers still read what was acknowledged, and only that").containsExactly("a", "b");
            assertThat(broker.describeTopic("t").partitions()).singleElement()
                    .extracting(PartitionDescription::storageFailed).as("the failure is visible to the console").isEqualTo(true);
        }

        try (Broker broker = Broker.open(dir, Brokers.config(clock), flaky)) {
            // "c" reached the file before its fsync failed, so it may be back (a duplicate now); "d" was refused before writing
            broker.publish("t", List.of(message("c"), message("d")));
            assertThat(broker.publish("t", List.of(message("e"))).get(0).offset()).isEqualTo(4);
            assertThat(broker.describeTopic("t").partitions().get(0).storageFailed()).isFalse();
            assertThat(ids(broker.fetch("t", "g", "c", 10, Duration.ZERO)))
                    .as("the refused publishes, retried with the same IDs, stored once").containsExactly("a", "b", "c", "d", "e");
        }
    }

    private static OutgoingMessage message(String id) {
        return OutgoingMessage.of(id).withMessageId(id);
    }

    private static List<String> ids(List<ConsumedMessage> messages) {
        return messages.stream().map(m -> m.record().messageId()).toList();
    }
}
