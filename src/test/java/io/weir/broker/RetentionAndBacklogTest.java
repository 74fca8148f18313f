package io.weir.broker;

import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetentionAndBacklogTest extends BrokerTestCase {

    /** Values of about 100 bytes: roughly eight records per 1 KiB segment. */
    private void publishEach(String topic, int count) {
        for (int i = 0; i < count; i++) {
            broker.publish(topic, List.of(OutgoingMessage.of("x".repeat(60) + i)));
        }
    }

    @Test
    void timeRetentionDeletesOldSegmentsAndGroupsMoveOnToTheNewStart() throws Exception {
        broker.createTopic("t", topic(1).withRetention(Duration.ofHours(1), 0));
        broker.createGroup("t", "g", GroupConfig.ordered());
        publishEach("t", 40);
        clock.advance(Duration.ofHours(2));
        publishEach("t", 1);

        broker.applyRetention();

        PartitionDescription p = broker.describeTopic("t").partitions().get(0);
        assertThat(p.startOffset()).isPositive();
        assertThat(p.endOffset()).isEqualTo(41);
        assertThat(broker.describeGroup("t", "g").committed()).containsEntry(0, p.startOffset());
        assertThat(broker.fetch("t", "g", "c", 100, Duration.ZERO)).hasSize((int) p.messages());
    }

    @Test
    void sharedGroupForgetsDeliveriesOfMessagesThatRetentionDeleted() throws Exception {
        broker.createTopic("t", topic(1).withRetention(Duration.ofHours(1), 0));
        broker.createGroup("t", "s", GroupConfig.shared(Duration.ofMinutes(5), 2));
        publishEach("t", 40);
        assertThat(broker.receive("t", "s", "w", 100, Duration.ZERO)).hasSize(40);
        clock.advance(Duration.ofHours(2));
        publishEach("t", 1);

        broker.applyRetention();
        List<Delivery> again = broker.receive("t", "s", "w", 100, Duration.ZERO);

        long start = broker.describeTopic("t").partitions().get(0).startOffset();
        assertThat(start).isPositive();
        assertThat(again).hasSize((int) (41 - start)).allSatisfy(d -> assertThat(d.message().offset()).isGreaterThanOrEqualTo(start));
        assertThat(broker.describeGroup("t", "s").committed()).containsEntry(0, start);
    }

    @Test
    void schedulerAppliesRetentionWithoutBeingAsked() throws Exception {
        broker.close();
        broker = Broker.open(dir, Brokers.config(clock).withRetentionInterval(Duration.ofMillis(20)));
        broker.createTopic("t", topic(1).withRetention(null, 2000));
        publishEach("t", 60);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.describeTopic("t").partitions().get(0).startOffset() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(broker.describeTopic("t").partitions().get(0).startOffset()).isPositive();
    }

    @Test
    void sizeRetentionKeepsThePartitionNearItsLimit() throws IOException {
        broker.createTopic("t", topic(1).withRetention(null, 3000));
        publishEach("t", 100);

        broker.applyRetention();

        PartitionDescription p = broker.describeTopic("t").partitions().get(0);
        assertThat(p.sizeBytes()).isLessThanOrEqualTo(3000 + 1024);
        assertThat(p.startOffset()).isPositive();
        assertThat(p.endOffset()).isEqualTo(100);
    }

    @Test
    void fullTopicRefusesPublishesAndKeepsWhatItAccepted() throws IOException {
        broker.createTopic("t", topic(2).withBacklogLimit(5, 0, BacklogPolicy.REJECT, Duration.ZERO));
        broker.publish("t", Brokers.values("m", 4));

        assertThatThrownBy(() -> broker.publish("t", Brokers.values("n", 2)))
                .isInstanceOf(BacklogLimitException.class).hasMessageContaining("4 of at most 5 messages");
        broker.publish("t", Brokers.values("n", 1));
        assertThatThrownBy(() -> broker.publish("t", Brokers.values("o", 1))).isInstanceOf(BacklogLimitException.class);
        assertThat(broker.describeTopic("t").messages()).isEqualTo(5);
    }

    @Test
    void retryOfStoredMessagesAtTheLimitIsAnsweredAsDuplicates() throws IOException {
        broker.createTopic("t", topic(1).withBacklogLimit(2, 0, BacklogPolicy.REJECT, Duration.ZERO));
        List<PublishResult> stored = broker.publish("t", List.of(OutgoingMessage.of("a").withMessageId("id-a"),
                OutgoingMessage.of("b").withMessageId("id-b")));

        List<PublishResult> retried = broker.publish("t", List.of(OutgoingMessage.of("a").withMessageId("id-a"),
                OutgoingMessage.of("b").withMessageId("id-b")));

        assertThat(retried).extracting(PublishResult::duplicate).containsExactly(true, true);
        assertThat(retried).extracting(PublishResult::offset).containsExactlyElementsOf(
                stored.stream().map(PublishResult::offset).toList());
        assertThatThrownBy(() -> broker.publish("t", List.of(OutgoingMessage.of("a").withMessageId("id-a"),
                OutgoingMessage.of("c").withMessageId("id-c"))))
                .as("a new message in the retry still needs room").isInstanceOf(BacklogLimitException.class);
        assertThat(broker.publish("t", List.of(OutgoingMessage.of("b").withMessageId("id-b"))).get(0).duplicate())
                .isTrue();
        assertThat(broker.describeTopic("t").messages()).isEqualTo(2);
    }

    @Test
    void byteLimitRefusesOnceTheTopicHoldsThatMuch() throws IOException {
        broker.createTopic("t", topic(1).withBacklogLimit(0, 2000, BacklogPolicy.REJECT, Duration.ZERO));
        assertThatThrownBy(() -> publishEach("t", 100)).isInstanceOf(BacklogLimitException.class)
                .hasMessageContaining("bytes");
        assertThat(broker.describeTopic("t").sizeBytes()).isBetween(2000L, 2200L);
    }

    @Test
    void blockingPublishGivesUpAfterItsTimeout() throws IOException {
        broker.createTopic("t", topic(1).withBacklogLimit(2, 0, BacklogPolicy.BLOCK, Duration.ofMillis(200)));
        broker.publish("t", Brokers.values("m", 2));

        long start = System.nanoTime();
        assertThatThrownBy(() -> broker.publish("t", Brokers.values("n", 1))).isInstanceOf(BacklogLimitException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void publishesAreRefusedWhileTheDiskHasLessFreeSpaceThanTheBrokersLimit() throws Exception {
        broker.createTopic("t", topic(1));
        broker.createGroup("t", "g", GroupConfig.ordered());
        broker.publish("t", Brokers.values("before", 2));
        broker.close();
        broker = Broker.open(dir, Brokers.config(clock).withMinFreeDiskBytes(Long.MAX_VALUE));

        assertThat(broker.disk().publishesRefused()).isTrue();
        assertThatThrownBy(() -> broker.publish("t", Brokers.values("refused", 1))).isInstanceOf(DiskSpaceException.class)
                .hasMessageContaining("topic t refuses publishes: only").hasMessageContaining("free on the disk of")
                .hasMessageContaining("below the broker's limit");
        assertThat(broker.describeTopic("t").messages()).isEqualTo(2);
        assertThat(broker.fetch("t", "g", "c", 10, Duration.ZERO)).as("consumers go on reading").hasSize(2);

        restart(); // the default limit, which this disk has room for
        assertThat(broker.disk().publishesRefused()).isFalse();
        assertThat(broker.publish("t", Brokers.values("after", 1)).get(0).offset()).isEqualTo(2);
    }

    @Test
    void blockingPublishWaitsForDiskSpaceUpToItsTimeout() throws Exception {
        broker.close();
        broker = Broker.open(dir, Brokers.config(clock).withMinFreeDiskBytes(Long.MAX_VALUE));
        broker.createTopic("t", topic(1).withBacklogLimit(0, 0, BacklogPolicy.BLOCK, Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> broker.publish("t", Brokers.values("n", 1))).isInstanceOf(DiskSpaceException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void blockingPublishGoesThroughOnceRetentionMakesRoom() throws Exception {
        broker.createTopic("t", topic(1).withRetention(Duration.ofHours(1), 0)
                .withBacklogLimit(30, 0, BacklogPolicy.BLOCK, Duration.ofSeconds(10)));
        publishEach("t", 30);
        clock.advance(Duration.ofHours(2));

        CompletableFuture<List<PublishResult>> blocked = CompletableFuture.supplyAsync(
                () -> broker.publish("t", Brokers.values("late", 1)));
        Thread.sleep(100);
        assertThat(blocked).isNotDone();
        broker.applyRetention();

        assertThat(blocked.get(5, TimeUnit.SECONDS)).singleElement().extracting(PublishResult::offset).isEqualTo(30L);
    }
}
