package io.weir.broker;

import static io.weir.broker.Brokers.texts;
import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderedGroupTest extends BrokerTestCase {

    private static final Duration NO_WAIT = Duration.ZERO;

    @BeforeEach
    void createTopicsAndGroups() throws IOException {
        broker.createTopic("orders", topic(4));
    }

    @Test
    void everyGroupReceivesEveryMessage() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        broker.createGroup("orders", "shipping", GroupConfig.ordered());
        broker.publish("orders", Brokers.values("m", 20));

        assertThat(drain("billing", "b1")).hasSize(20).doesNotHaveDuplicates();
        assertThat(drain("shipping", "s1")).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void eachMessageGoesToOneConsumerOfTheGroup() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        Brokers.publishEach(broker, "orders", Brokers.values("m", 40));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();

        for (int round = 0; round < 20; round++) {
            first.addAll(fetchAndCommit("billing", "c1", 3));
            second.addAll(fetchAndCommit("billing", "c2", 3));
        }

        assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
        assertThat(second).isNotEmpty();
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).hasSize(40).doesNotHaveDuplicates();
        assertThat(broker.describeGroup("orders", "billing").assignments())
                .containsOnlyKeys("c1", "c2").allSatisfy((member, partitions) -> assertThat(partitions).hasSize(2));
    }

    @Test
    void messagesOfOneKeyArriveInPublishOrder() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        for (int i = 0; i < 30; i++) {
            broker.publish("orders", List.of(OutgoingMessage.keyed("k" + (i % 3), "k" + (i % 3) + ":" + i)));
        }
        Map<String, List<Integer>> seen = new HashMap<>();
        for (String value : drain("billing", "c1")) {
            String[] parts = value.split(":");
            seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(seen.values()).allSatisfy(order -> assertThat(order).isSorted().hasSize(10));
    }

    @Test
    void uncommittedMessagesAreFetchedAgainByTheNextOwner() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered().withSessionTimeout(Duration.ofSeconds(10)));
        broker.publish("orders", Brokers.values("m", 8));
        List<String> lost = texts(broker.fetch("orders", "billing", "dies", 100, NO_WAIT));

        clock.advance(Duration.ofSeconds(11)); // "dies" misses its session timeout
        List<String> again = drain("billing", "survivor");

        assertThat(lost).hasSize(8);
        assertThat(again).containsExactlyInAnyOrderElementsOf(lost);
        assertThat(broker.describeGroup("orders", "billing").members()).containsExactly("survivor");
    }

    @Test
    void partitionsOfALeavingConsumerGoToTheOthersAtOnce() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        broker.fetch("orders", "billing", "c1", 1, NO_WAIT);
        broker.fetch("orders", "billing", "c2", 1, NO_WAIT);
        assertThat(broker.describeGroup("orders", "billing").assignments()).containsOnlyKeys("c1", "c2");

        broker.leaveGroup("orders", "billing", "c2");

        assertThat(broker.describeGroup("orders", "billing").assignments())
                .containsExactly(Map.entry("c1", List.of(0, 1, 2, 3)));
    }

    @Test
    void committedOffsetsSurviveRestart() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        broker.publish("orders", Brokers.values("m", 12));
        List<String> before = fetchAndCommit("billing", "c1", 5);

        restart();
        List<String> after = drain("billing", "c1");

        assertThat(before).hasSize(5);
        assertThat(after).hasSize(7).doesNotContainAnyElementsOf(before);
        assertThat(broker.describeGroup("orders", "billing").totalLag()).isZero();
    }

    @Test
    void fetchWaitsForAPublish() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        CompletableFuture<List<ConsumedMessage>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return broker.fetch("orders", "billing", "c1", 10, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        broker.publish("orders", List.of(OutgoingMessage.of("late")));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).extracting(Brokers::text).containsExactly("late");
    }

    @Test
    void commitOutsideThePartitionIsRefused() {
        assertThatThrownBy(() -> {
            broker.createGroup("orders", "billing", GroupConfig.ordered());
            broker.commit("orders", "billing", "c1", Map.of(0, 5L));
        }).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommitOfAPartitionAnotherMemberOwnsIsRefusedAndChangesNothing() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        Brokers.publishEach(broker, "orders", Brokers.values("m", 8));
        Map<Integer, Long> fetchedByC1 = nextOffsets(broker.fetch("orders", "billing", "c1", 8, NO_WAIT));
        broker.fetch("orders", "billing", "c2", 1, NO_WAIT); // c2 joins: two of c1's partitions are c2's now
        List<Integer> ofC2 = broker.describeGroup("orders", "billing").assignments().get("c2");

        assertThatThrownBy(() -> broker.commit("orders", "billing", "c1", fetchedByC1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consumer c1 does not own partition " + ofC2.get(0) + " of group billing")
                .hasMessageContaining("c2's now");
        assertThat(broker.describeGroup("orders", "billing").committed()).containsOnly(
                Map.entry(0, 0L), Map.entry(1, 0L), Map.entry(2, 0L), Map.entry(3, 0L));
    }

    @Test
    void aCommitRetriedAfterARestartIsRefusedUntilTheConsumerFetchedAgain() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        Brokers.publishEach(broker, "orders", Brokers.values("m", 8));
        Map<Integer, Long> fetched = nextOffsets(broker.fetch("orders", "billing", "c1", 8, NO_WAIT));

        restart();

        assertThatThrownBy(() -> broker.commit("orders", "billing", "c1", fetched))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consumer c1 is not a member of group billing");
        broker.fetch("orders", "billing", "c1", 1, NO_WAIT);
        broker.commit("orders", "billing", "c1", fetched);
        assertThat(broker.describeGroup("orders", "billing").committed()).isEqualTo(fetched);
    }

    @Test
    void aLateCommitBelowTheCommittedOffsetLeavesItWhereItIs() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        broker.publish("orders", Brokers.values("m", 2)); // without a key: both to one partition
        int partition = broker.fetch("orders", "billing", "c1", 2, NO_WAIT).get(0).partition();
        broker.commit("orders", "billing", "c1", Map.of(partition, 2L));

        broker.commit("orders", "billing", "c1", Map.of(partition, 1L)); // sent earlier, arrived later

        assertThat(broker.describeGroup("orders", "billing").committed()).containsEntry(partition, 2L);
        restart();
        assertThat(broker.describeGroup("orders", "billing").committed()).containsEntry(partition, 2L);
    }

    @Test
    void sharedOperationsOnAnOrderedGroupAreRefused() throws IOException {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        assertThatThrownBy(() -> broker.receive("orders", "billing", "c", 1, NO_WAIT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ORDERED");
        assertThatThrownBy(() -> broker.fetch("orders", "nobody", "c", 1, NO_WAIT))
                .isInstanceOf(UnknownGroupException.class);
    }

    @Test
    void membersFetchingAtTheSameTimeGetEachMessageOnce() throws Exception {
        broker.createGroup("orders", "billing", GroupConfig.ordered());
        // both join first: a rebalance hands partitions over at the committed offset, which would
        // deliver again what was fetched without a commit (at least once, as in Kafka)
        broker.fetch("orders", "billing", "c1", 1, NO_WAIT);
        broker.fetch("orders", "billing", "c2", 1, NO_WAIT);
        Brokers.publishEach(broker, "orders", Brokers.values("m", 400));
        // the same member twice as well: two fetches of one member must not hand out a range twice
        List<String> members = List.of("c1", "c2", "c2");
        ExecutorService pool = Executors.newFixedThreadPool(members.size());
        try {
            List<Future<List<String>>> got = new ArrayList<>();
            for (String member : members) {
                got.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int empty = 0; empty < 20; ) {
                        List<ConsumedMessage> batch = broker.fetch("orders", "billing", member, 3, NO_WAIT);
                        empty = batch.isEmpty() ? empty + 1 : 0;
                        mine.addAll(texts(batch));
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : got) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(400).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Long> nextOffsets(List<ConsumedMessage> messages) {
        Map<Integer, Long> next = new HashMap<>();
        messages.forEach(m -> next.merge(m.partition(), m.offset() + 1, Math::max));
        return next;
    }

    /** Fetches once and commits what it got; returns the values. */
    private List<String> fetchAndCommit(String group, String consumer, int max) throws InterruptedException {
        List<ConsumedMessage> messages = broker.fetch("orders", group, consumer, max, NO_WAIT);
        Map<Integer, Long> offsets = new HashMap<>();
        messages.forEach(m -> offsets.merge(m.partition(), m.offset() + 1, Math::max));
        broker.commit("orders", group, consumer, offsets);
        return texts(messages);
    }

    private List<String> drain(String group, String consumer) throws InterruptedException {
        List<String> all = new ArrayList<>();
        List<String> batch;
        while (!(batch = fetchAndCommit(group, consumer, 7)).isEmpty()) {
            all.addAll(batch);
        }
        return all;
    }
}
