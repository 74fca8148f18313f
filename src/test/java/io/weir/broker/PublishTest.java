package io.weir.broker;

import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishTest extends BrokerTestCase {

    @Test
    void messagesOfOneKeyLandInOnePartitionInPublishOrder() throws IOException {
        broker.createTopic("orders", topic(4));
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, Long> lastOffsetOfKey = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String key = "order-" + (i % 10);
            PublishResult result = broker.publish("orders", List.of(OutgoingMessage.keyed(key, key + "#" + i))).get(0);
            assertThat(partitionOfKey.computeIfAbsent(key, k -> result.partition())).isEqualTo(result.partition());
            assertThat(result.offset()).isGreaterThan(lastOffsetOfKey.getOrDefault(key, -1L));
            lastOffsetOfKey.put(key, result.offset());
        }
        assertThat(partitionOfKey.values()).as("ten keys spread over several partitions").hasSizeGreaterThan(1);
    }

    @Test
    void keyHashIsKafkasMurmur2() {
        assertThat(PartitionRouter.murmur2("21".getBytes(StandardCharsets.UTF_8))).isEqualTo(-973932308);
        assertThat(PartitionRouter.murmur2("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(-790332482);
        assertThat(PartitionRouter.murmur2("a-little-bit-long-string".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-985981536);
        assertThat(PartitionRouter.murmur2(new byte[] {'a', 'b', 'c'})).isEqualTo(479470107);
    }

    @Test
    void keylessMessagesOfOnePublishShareAPartitionAndPublishesTakeTurns() throws IOException {
        broker.createTopic("events", topic(3));
        List<Integer> partitions = new ArrayList<>();
        for (int publish = 0; publish < 6; publish++) {
            List<PublishResult> results = broker.publish("events", Brokers.values("e" + publish, 4));
            assertThat(results).extracting(PublishResult::offset).doesNotHaveDuplicates();
            assertThat(results).extracting(PublishResult::partition).containsOnly(results.get(0).partition());
            partitions.add(results.get(0).partition());
        }
        assertThat(partitions).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(broker.describeTopic("events").partitions())
                .extracting(PartitionDescription::endOffset).containsExactly(8L, 8L, 8L);
    }

    @Test
    void keyedMessagesOfOnePublishStillGoToTheirKeysPartitions() throws IOException {
        broker.createTopic("events", topic(3));
        List<OutgoingMessage> mixed = List.of(OutgoingMessage.keyed("21", "a"), OutgoingMessage.of("b"),
                OutgoingMessage.keyed("foobar", "c"), OutgoingMessage.of("d"));
        List<PublishResult> results = broker.publish("events", mixed);
        assertThat(results.get(0).partition()).isEqualTo((PartitionRouter.murmur2("21".getBytes(StandardCharsets.UTF_8))
                & 0x7fffffff) % 3);
        assertThat(results.get(2).partition()).isEqualTo(
                (PartitionRouter.murmur2("foobar".getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % 3);
        assertThat(results.get(1).partition()).isEqualTo(results.get(3).partition());
    }

    @Test
    void republishedMessageIdIsReportedDuplicateWithTheOriginalOffsetAndStoredOnce() throws IOException {
        broker.createTopic("payments", topic(2));
        PublishResult first = broker.publish("payments", List.of(OutgoingMessage.keyed("k", "pay").withMessageId("m-1")))
                .get(0);

        List<PublishResult> again = broker.publish("payments", List.of(
                OutgoingMessage.keyed("other-key", "pay again").withMessageId("m-1"),
                OutgoingMessage.of("new").withMessageId("m-2")));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.get(0)).isEqualTo(new PublishResult(first.partition(), first.offset(), true));
        assertThat(again.get(1).duplicate()).isFalse();
        assertThat(broker.describeTopic("payments").messages()).isEqualTo(2);
    }

    @Test
    void duplicateWithinOneCallIsStoredOnce() throws IOException {
        broker.createTopic("payments", topic(1));
        List<PublishResult> results = broker.publish("payments", List.of(
                OutgoingMessage.of("a").withMessageId("same"), OutgoingMessage.of("b").withMessageId("same")));
        assertThat(results).containsExactly(new PublishResult(0, 0, false), new PublishResult(0, 0, true));
    }

    @Test
    void concurrentPublishesOfOneIdStoreItOnce() throws Exception {
        broker.createTopic("payments", topic(4));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PublishResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String value = "attempt " + i;
                futures.add(pool.submit(() -> broker.publish("payments",
                        List.of(OutgoingMessage.of(value).withMessageId("once"))).get(0)));
            }
            List<PublishResult> results = new ArrayList<>();
            for (Future<PublishResult> f : futures) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(results).extracting(PublishResult::partition, PublishResult::offset).containsOnly(
                    tuple(results.get(0).partition(), results.get(0).offset()));
            assertThat(broker.describeTopic("payments").messages()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dedupWindowForgetsIdsBeyondItsCount() throws IOException {
        broker.createTopic("t", topic(1).withDedup(3, Duration.ofHours(1)));
        for (int i = 0; i < 4; i++) {
            broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("id-" + i)));
        }
        assertThat(broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("id-3"))).get(0).duplicate())
                .isTrue();
        assertThat(broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("id-0"))).get(0).duplicate())
                .as("id-0 was pushed out by three newer ids").isFalse();
    }

    @Test
    void messagesWithoutAnIdTakeNoRoomInTheDedupWindow() throws IOException {
        broker.createTopic("t", topic(1).withDedup(2, Duration.ofHours(1)));
        broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("given")));
        broker.publish("t", List.of(OutgoingMessage.of("a"), OutgoingMessage.of("b"), OutgoingMessage.of("c")));

        assertThat(broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("given"))).get(0).duplicate())
                .as("three generated ids did not push out the one given id").isTrue();
    }

    @Test
    void dedupWindowForgetsIdsOlderThanItsTime() throws IOException {
        broker.createTopic("t", topic(1).withDedup(100, Duration.ofMinutes(5)));
        broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("old")));
        clock.advance(Duration.ofMinutes(4));
        assertThat(broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("old"))).get(0).duplicate())
                .isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(broker.publish("t", List.of(OutgoingMessage.of("v").withMessageId("old"))).get(0).duplicate())
                .isFalse();
    }

    @Test
    void dedupWindowIsRebuiltFromTheLogAfterRestart() throws IOException {
        broker.createTopic("t", topic(3));
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            messages.add(OutgoingMessage.keyed("k" + i, "v" + i).withMessageId("id-" + i));
        }
        List<PublishResult> originals = broker.publish("t", messages);
        restart();

        List<PublishResult> again = broker.publish("t", messages);

        for (int i = 0; i < 9; i++) {
            assertThat(again.get(i)).isEqualTo(new PublishResult(originals.get(i).partition(),
                    originals.get(i).offset(), true));
        }
    }

    @Test
    void topicsAndTheirSettingsSurviveRestart() throws IOException {
        TopicConfig config = topic(2).withRetention(Duration.ofDays(1), 1 << 20)
                .withBacklogLimit(1000, 0, BacklogPolicy.BLOCK, Duration.ofSeconds(5));
        broker.createTopic("a", config);
        broker.publish("a", Brokers.values("x", 5));
        restart();

        assertThat(broker.topics()).containsExactly("a");
        assertThat(broker.describeTopic("a").config()).isEqualTo(config);
        assertThat(broker.describeTopic("a").messages()).isEqualTo(5);
    }

    @Test
    void deletedTopicIsGoneAndItsNameReusable() throws IOException {
        broker.createTopic("a", topic(1));
        broker.publish("a", Brokers.values("x", 5));
        broker.deleteTopic("a");
        assertThatThrownBy(() -> broker.publish("a", Brokers.values("x", 1))).isInstanceOf(UnknownTopicException.class);
        broker.createTopic("a", topic(1));
        assertThat(broker.describeTopic("a").messages()).isZero();
    }

    @Test
    void deletedGroupIsGoneAndItsNameReusable() throws Exception {
        broker.createTopic("a", topic(1));
        broker.publish("a", Brokers.values("x", 3));
        broker.createGroup("a", "g", GroupConfig.ordered());
        broker.fetch("a", "g", "c", 3, Duration.ZERO);
        broker.commit("a", "g", "c", Map.of(0, 3L));

        broker.deleteGroup("a", "g");
        assertThatThrownBy(() -> broker.describeGroup("a", "g")).isInstanceOf(UnknownGroupException.class);
        broker.createGroup("a", "g", GroupConfig.ordered());

        assertThat(broker.describeGroup("a", "g").committed()).containsEntry(0, 0L);
        restart();
        assertThat(broker.groups("a")).extracting(GroupDescription::group).containsExactly("g");
    }

    @Test
    void unfinishedTopicCreationIsCleanedUpOnOpen() throws IOException {
        broker.close();
        Files.createDirectories(dir.resolve("topics/half/partition-0"));
        broker = Broker.open(dir, Brokers.config(clock));
        assertThat(broker.topics()).isEmpty();
        assertThat(dir.resolve("topics/half")).doesNotExist();
    }

    @Test
    void secondBrokerOnTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> Broker.open(dir, Brokers.config(clock))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> broker.createTopic("a/b", topic(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broker.createTopic("..", topic(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
