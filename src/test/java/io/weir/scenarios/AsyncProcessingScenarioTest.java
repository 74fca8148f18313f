package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weir.broker.Broker;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.core.GroupSnapshot;
import io.weir.monitor.SourceMonitor;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registration scenario on the real built-in broker, with the article's latencies (30 ms row,
 * 50 / 100 / 50 ms SMS, email, coupon): what the requests measure, what the consumers do, and
 * that the monitor sees it as ordinary traffic.
 */
@QuarkusTest
@TestProfile(ScenarioTestProfile.class)
class AsyncProcessingScenarioTest {

    @Inject
    Scenarios scenarios;
    @Inject
    EmbeddedBroker embedded;
    @Inject
    SourceMonitor monitor;

    @AfterEach
    void cleanUp() throws Exception {
        scenarios.async().deleteTopics();
    }

    @Test
    void requestWithTheQueueReturnsAfterTheRowWhileTheChainWaitsForEveryStep() throws Exception {
        AsyncProcessingScenario async = scenarios.async();
        async.start();
        ScenarioLoad.await("10 requests in each flow", Duration.ofSeconds(20),
                () -> async.figures().withQueue().count() >= 10 && async.figures().synchronous().count() >= 10);
        AsyncProcessingScenario.Figures figures = async.figures();
        System.out.printf("async scenario: with queue mean %s p95 %s, synchronous mean %s p95 %s%n",
                figures.withQueue().mean(), figures.withQueue().p95(), figures.synchronous().mean(),
                figures.synchronous().p95());
        // Row (30 ms) plus a publish that waits for its fsync, against at least the chain's 230 ms of waits
        // (sleeps overshoot on a loaded machine, so no upper bound on the chain).
        assertThat(figures.withQueue().mean()).isBetween(Duration.ofMillis(30), Duration.ofMillis(150));
        assertThat(figures.synchronous().mean()).isGreaterThanOrEqualTo(Duration.ofMillis(230));
        assertThat(figures.synchronous().mean().toNanos()).isGreaterThan(3 * figures.withQueue().mean().toNanos());

        ScenarioLoad.await("every consumer to handle registrations", Duration.ofSeconds(10),
                () -> async.figures().services().stream().allMatch(s -> s.handled() >= 5));
        // Done after the request returned, and at least the service's own work after it.
        async.figures().services().forEach(s -> assertThat(s.lastDoneAfter()).isGreaterThanOrEqualTo(s.service().work()));

        ScenarioLoad.await("the monitor to see the three groups on the topic", Duration.ofSeconds(10),
                () -> monitor.latest(scenarios.sourceName()).filter(snapshot -> snapshot.isUp()).map(snapshot ->
                        snapshot.broker().groups().stream().filter(g -> g.group().startsWith("registration-"))
                                .map(GroupSnapshot::group).distinct().count() == 3
                                && snapshot.broker().queues().stream()
                                        .anyMatch(q -> q.name().equals(AsyncProcessingScenario.TOPIC)))
                        .orElse(false));

        Broker broker = embedded.broker().orElseThrow();
        ScenarioLoad.stopAndCheckNoLoad(async, broker);
    }

    @Test
    void deletingTheTopicsStopsTheScenarioAndRemovesTopicAndGroups() throws Exception {
        AsyncProcessingScenario async = scenarios.async();
        async.start();
        Broker broker = embedded.broker().orElseThrow();
        assertThat(broker.groups(AsyncProcessingScenario.TOPIC)).hasSize(3);
        assertThat(async.storedTopics()).containsOnlyKeys(AsyncProcessingScenario.TOPIC);

        assertThat(async.deleteTopics()).containsExactly(AsyncProcessingScenario.TOPIC);

        assertThat(async.running()).isFalse();
        assertThat(ScenarioLoad.scenarioThreads()).isEmpty();
        assertThat(broker.topics()).doesNotContain(AsyncProcessingScenario.TOPIC);
        assertThat(async.storedTopics()).isEmpty();
    }
}
