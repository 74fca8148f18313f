package io.weir.broker;

import static io.weir.broker.Brokers.T0;
import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a copy of the data directory taken while the broker runs, i.e. without the compaction and
 * fsyncs of close: what a killed process leaves behind (the files are in the page cache).
 */
class BrokerCrashRecoveryTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashImage;

    private final TestClock clock = new TestClock(T0);

    @Test
    void groupStateSurvivesAKillWithATornJournalTail() throws Exception {
        try (Broker broker = Broker.open(dir, Brokers.config(clock))) {
            broker.createTopic("t", topic(1));
            broker.createGroup("t", "ordered", GroupConfig.ordered());
            broker.createGroup("t", "shared", GroupConfig.shared(Duration.ofSeconds(30), 5));
            broker.publish("t", Brokers.values("m", 5));
            broker.fetch("t", "ordered", "c", 3, Duration.ZERO);
            broker.commit("t", "ordered", "c", Map.of(0, 3L));
            List<Delivery> deliveries = broker.receive("t", "shared", "w", 3, Duration.ZERO);
            broker.ack(deliveries.get(0).receipt());
            copyTree(dir, crashImage);
        }
        for (String group : List.of("ordered", "shared")) {
            Path journal = crashImage.resolve("topics/t/groups/" + group + "/" + GroupStateJournal.JOURNAL);
            assertThat(Files.size(journal)).isPositive();
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3})); // a torn entry
            }
        }

        try (Broker broker = Broker.open(crashImage, Brokers.config(clock))) {
            assertThat(broker.describeGroup("t", "ordered").committed()).containsEntry(0, 3L);
            List<Delivery> after = broker.receive("t", "shared", "w", 10, Duration.ZERO);
            assertThat(after).extracting(d -> d.message().offset()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(after).filteredOn(d -> d.message().offset() < 3).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
        }
    }

    /**
     * A reader of the group's description never sees a commit that a kill takes back: after each
     * commit (some of them folded into snapshots, since the journal compacts every few entries) a
     * crash image is opened and must show at least what the description showed before it.
     */
    @Test
    void committedOffsetsShownBeforeAKillAreThereAfterIt() throws Exception {
        BrokerConfig config = Brokers.config(clock).withJournalCompactBytes(100);
        try (Broker broker = Broker.open(dir, config)) {
            broker.createTopic("t", topic(3));
            broker.createGroup("t", "g", GroupConfig.ordered());
            Brokers.publishEach(broker, "t", Brokers.values("m", 30));
            broker.fetch("t", "g", "c", 1, Duration.ZERO); // "c" joins and owns every partition
            for (long next = 1; next <= 10; next++) {
                Map<Integer, Long> offsets = new TreeMap<>();
                for (int p = 0; p < 3; p++) {
                    offsets.put(p, Math.min(next, broker.describeTopic("t").partitions().get(p).endOffset()));
                }
                broker.commit("t", "g", "c", offsets);
                Map<Integer, Long> shown = broker.describeGroup("t", "g").committed();
                Path image = crashImage.resolve("after-" + next);
                copyTree(dir, image);
                try (Broker reopened = Broker.open(image, config)) {
                    assertThat(reopened.describeGroup("t", "g").committed()).as("after commit %d", next)
                            .isEqualTo(shown);
                }
            }
        }
    }

    /**
     * The reviewer's symptom, made deterministic: a consumer whose partition went to another
     * member after its session timed out commits what it had fetched, after the new owner
     * committed further. The description must not go back, neither at once nor after a kill.
     */
    @Test
    void aStaleCommitAfterARebalanceNeverMovesTheShownOffsetBack() throws Exception {
        try (Broker broker = Broker.open(dir, Brokers.config(clock))) {
            broker.createTopic("t", topic(1));
            broker.createGroup("t", "g", GroupConfig.ordered());
            broker.publish("t", Brokers.values("m", 10));
            assertThat(broker.fetch("t", "g", "slow", 4, Duration.ZERO)).hasSize(4);
            clock.advance(GroupConfig.ordered().sessionTimeout().plusSeconds(1));
            assertThat(broker.fetch("t", "g", "fast", 10, Duration.ZERO)).hasSize(10);
            broker.commit("t", "g", "fast", Map.of(0, 10L));
            Map<Integer, Long> shown = broker.describeGroup("t", "g").committed();

            assertThatThrownBy(() -> broker.commit("t", "g", "slow", Map.of(0, 4L))) // it processed 0..3
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("consumer slow is not a member of group g");

            assertThat(broker.describeGroup("t", "g").committed()).isEqualTo(shown);
            copyTree(dir, crashImage);
        }
        try (Broker reopened = Broker.open(crashImage, Brokers.config(clock))) {
            assertThat(reopened.describeGroup("t", "g").committed()).containsEntry(0, 10L);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
