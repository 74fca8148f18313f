package io.weir.broker;

import static io.weir.broker.Brokers.T0;
import static io.weir.broker.Brokers.topic;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.log.LogRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedSubscriptionTest extends BrokerTestCase {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration VISIBILITY = Duration.ofSeconds(30);

    @BeforeEach
    void createTopicsAndGroups() throws IOException {
        broker.createTopic("jobs", topic(3));
        broker.createGroup("jobs", "workers", GroupConfig.shared(VISIBILITY, 3));
    }

    @Test
    void eachMessageGoesToOneConsumerOfTheGroup() throws Exception {
        broker.publish("jobs", Brokers.values("job", 30));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            first.addAll(receiveAndAck("w1", 2));
            second.addAll(receiveAndAck("w2", 2));
        }
        assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).hasSize(30).doesNotHaveDuplicates();
        assertThat(broker.receive("jobs", "workers", "w1", 10, NO_WAIT)).isEmpty();
    }

    @Test
    void concurrentConsumersNeverGetTheSameMessage() throws Exception {
        broker.publish("jobs", Brokers.values("job", 300));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String consumer = "w" + w;
                workers.add(pool.submit(() -> {
                    List<Delivery> batch;
                    while (!(batch = broker.receive("jobs", "workers", consumer, 5, NO_WAIT)).isEmpty()) {
                        for (Delivery d : batch) {
                            if (!seen.add(Brokers.text(d.message()))) {
                                duplicates.add(Brokers.text(d.message()));
                            }
                            broker.ack(d.receipt());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(300);
    }

    @Test
    void receiveWaitsForAPublish() throws Exception {
        CompletableFuture<List<Delivery>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return broker.receive("jobs", "workers", "w1", 10, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        broker.publish("jobs", List.of(OutgoingMessage.of("late")));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).singleElement().extracting(Delivery::attempt).isEqualTo(1);
    }

    @Test
    void everyGroupReceivesEveryMessageWhatsoeverItsMode() throws Exception {
        broker.createGroup("jobs", "audit", GroupConfig.ordered());
        broker.publish("jobs", Brokers.values("job", 5));
        assertThat(broker.receive("jobs", "workers", "w1", 10, NO_WAIT)).hasSize(5);
        assertThat(broker.fetch("jobs", "audit", "a1", 10, NO_WAIT)).hasSize(5);
    }

    @Test
    void nackedMessageIsRedeliveredAtOnceWithTheNextAttempt() throws Exception {
        broker.publish("jobs", List.of(OutgoingMessage.of("flaky")));
        Delivery first = broker.receive("jobs", "workers", "w1", 10, NO_WAIT).get(0);

        assertThat(broker.nack(first.receipt(), "db down")).isTrue();
        Delivery second = broker.receive("jobs", "workers", "w2", 10, NO_WAIT).get(0);

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.message().offset()).isEqualTo(first.message().offset());
        assertThat(broker.ack(first.receipt())).as("stale receipt").isFalse();
        assertThat(broker.ack(second.receipt())).isTrue();
        assertThat(broker.ack(second.receipt())).as("already settled").isFalse();
    }

    @Test
    void unacknowledgedMessageComesBackAfterTheVisibilityTimeout() throws Exception {
        broker.publish("jobs", List.of(OutgoingMessage.of("slow")));
        Delivery first = broker.receive("jobs", "workers", "w1", 10, NO_WAIT).get(0);

        clock.advance(VISIBILITY.minusSeconds(1));
        assertThat(broker.receive("jobs", "workers", "w2", 10, NO_WAIT)).isEmpty();
        assertThat(broker.describeGroup("jobs", "workers").inFlight()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        List<Delivery> again = broker.receive("jobs", "workers", "w2", 10, NO_WAIT);

        assertThat(again).singleElement().satisfies(d -> {
            assertThat(d.attempt()).isEqualTo(2);
            assertThat(d.message().offset()).isEqualTo(first.message().offset());
        });
    }

    @Test
    void lastFailedAttemptMovesTheMessageToTheDeadLetterTopicWithItsHistory() throws Exception {
        broker.publish("jobs", List.of(OutgoingMessage.keyed("order-7", "poison").withMessageId("p-1")
                .withHeaders(Map.of("trace", "abc"))));
        Delivery d1 = broker.receive("jobs", "workers", "w1", 1, NO_WAIT).get(0);
        broker.nack(d1.receipt(), "parse error");
        broker.receive("jobs", "workers", "w1", 1, NO_WAIT);
        clock.advance(VISIBILITY); // attempt 2 expires
        Delivery d3 = broker.receive("jobs", "workers", "w1", 1, NO_WAIT).get(0);
        broker.nack(d3.receipt(), "parse error again");

        assertThat(d3.attempt()).isEqualTo(3);
        assertThat(broker.receive("jobs", "workers", "w1", 1, NO_WAIT)).isEmpty();
        GroupDescription group = broker.describeGroup("jobs", "workers");
        assertThat(group.deadLetterTopic()).isEqualTo("jobs.workers.dlq");
        assertThat(group.deadLetters()).isEqualTo(1);
        assertThat(group.totalLag()).isZero();

        broker.createGroup("jobs.workers.dlq", "inspect", GroupConfig.ordered());
        LogRecord dead = broker.fetch("jobs.workers.dlq", "inspect", "i", 10, NO_WAIT).get(0).record();
        assertThat(dead.headers()).containsEntry("trace", "abc")
                .containsEntry("weir.dlq.topic", "jobs")
                .containsEntry("weir.dlq.partition", Integer.toString(d1.message().partition()))
                .containsEntry("weir.dlq.offset", Long.toString(d1.message().offset()))
                .containsEntry("weir.dlq.group", "workers")
                .containsEntry("weir.dlq.attempts", "3")
                .containsEntry("weir.dlq.reason", "parse error again")
                .containsEntry("weir.dlq.time", T0.plus(VISIBILITY).toString());
        assertThat(dead.messageId()).isEqualTo("p-1");
        assertThat(new String(dead.key())).isEqualTo("order-7");
    }

    @Test
    void expiryOfTheLastAttemptDeadLettersWithTheTimeoutAsReason() throws Exception {
        broker.publish("jobs", List.of(OutgoingMessage.of("hangs")));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(broker.receive("jobs", "workers", "w1", 1, NO_WAIT)).singleElement()
                    .extracting(Delivery::attempt).isEqualTo(attempt);
            clock.advance(VISIBILITY);
        }
        assertThat(broker.receive("jobs", "workers", "w1", 1, NO_WAIT)).isEmpty();
        assertThat(broker.describeGroup("jobs", "workers").deadLetters()).isEqualTo(1);
    }

    @Test
    void afterRestartInFlightMessagesComeBackWithAttemptsKeptAndAckedOnesNever() throws Exception {
        broker.publish("jobs", Brokers.values("job", 6));
        List<Delivery> deliveries = broker.receive("jobs", "workers", "w1", 6, NO_WAIT);
        for (Delivery d : deliveries.subList(0, 3)) {
            broker.ack(d.receipt());
        }
        Delivery nacked = deliveries.get(3);
        broker.nack(nacked.receipt(), "retry");
        Delivery second = broker.receive("jobs", "workers", "w1", 1, NO_WAIT).get(0);

        restart();
        List<Delivery> after = broker.receive("jobs", "workers", "w1", 10, NO_WAIT);

        assertThat(after).extracting(d -> Brokers.text(d.message()))
                .containsExactlyInAnyOrderElementsOf(deliveries.subList(3, 6).stream()
                        .map(d -> Brokers.text(d.message())).toList());
        assertThat(after).filteredOn(d -> d.message().offset() == second.message().offset()
                && d.message().partition() == second.message().partition())
                .singleElement().extracting(Delivery::attempt).isEqualTo(3);
        assertThat(after).filteredOn(d -> d.attempt() == 2).hasSize(2);
        for (Delivery d : after) {
            broker.ack(d.receipt());
        }
        restart();
        assertThat(broker.receive("jobs", "workers", "w1", 10, NO_WAIT)).isEmpty();
        assertThat(broker.describeGroup("jobs", "workers").totalLag()).isZero();
    }

    @Test
    void receiptFromBeforeARestartStillAcknowledges() throws Exception {
        broker.publish("jobs", List.of(OutgoingMessage.of("x")));
        Receipt receipt = broker.receive("jobs", "workers", "w1", 1, NO_WAIT).get(0).receipt();
        restart();

        assertThat(broker.ack(Receipt.parse(receipt.toString()))).isTrue();
        assertThat(broker.receive("jobs", "workers", "w1", 1, NO_WAIT)).isEmpty();
    }

    private List<String> receiveAndAck(String consumer, int max) throws InterruptedException {
        List<String> values = new ArrayList<>();
        for (Delivery d : broker.receive("jobs", "workers", consumer, max, NO_WAIT)) {
            assertThat(broker.ack(d.receipt())).isTrue();
            values.add(Brokers.text(d.message()));
        }
        return values;
    }
}
