package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weir.broker.embedded.EmbeddedBroker;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publish-subscribe on the real built-in broker: four groups read every order; stopping one
 * leaves the producer and the others unaffected and it catches up after; a subscriber added at
 * run time reads every order from the first.
 */
@QuarkusTest
@TestProfile(ScenarioTestProfile.class)
class DecouplingScenarioTest {

    @Inject
    Scenarios scenarios;
    @Inject
    EmbeddedBroker embedded;

    @AfterEach
    void cleanUp() throws Exception {
        scenarios.decoupling().deleteTopics();
    }

    @Test
    void stoppedSubscriberFallsBehindAloneAndCatchesUpWhileAnAddedOneReadsEveryOrder() throws Exception {
        DecouplingScenario decoupling = scenarios.decoupling();
        decoupling.start();
        ScenarioLoad.await("every subscriber to handle orders", Duration.ofSeconds(15),
                () -> decoupling.figures().subscribers().stream().allMatch(s -> s.handled() >= 5));

        decoupling.stopSubscriber("orders-logistics");
        Map<String, DecouplingScenario.SubscriberFigures> before = bySubscriber(decoupling.figures());
        long placedBefore = decoupling.figures().placed();
        Thread.sleep(3000);
        DecouplingScenario.Figures during = decoupling.figures();
        Map<String, DecouplingScenario.SubscriberFigures> after = bySubscriber(during);
        assertThat(during.placed() - placedBefore).as("orders placed while logistics was stopped").isGreaterThanOrEqualTo(15);
        assertThat(after.get("orders-logistics").handled()).isEqualTo(before.get("orders-logistics").handled());
        assertThat(after.get("orders-logistics").running()).isFalse();
        assertThat(after.get("orders-logistics").behind()).isGreaterThanOrEqualTo(15);
        for (String group : new String[] {"orders-inventory", "orders-points", "orders-notification"}) {
            assertThat(after.get(group).handled() - before.get(group).handled()).as(group + " kept handling")
                    .isGreaterThanOrEqualTo(15);
            assertThat(after.get(group).behind()).as(group + " behind").isLessThanOrEqualTo(3);
        }
        assertThat(during.publish().median()).as("publish latency with a subscriber stopped").isLessThan(Duration.ofMillis(50));

        long placedAtAdd = decoupling.figures().placed();
        decoupling.addAnalytics();
        ScenarioLoad.await("analytics to read every order from the first", Duration.ofSeconds(15),
                () -> bySubscriber(decoupling.figures()).get(DecouplingScenario.ANALYTICS).handled() >= placedAtAdd
                        && bySubscriber(decoupling.figures()).get(DecouplingScenario.ANALYTICS).behind() <= 3);

        decoupling.startSubscriber("orders-logistics");
        ScenarioLoad.await("logistics to catch up", Duration.ofSeconds(15),
                () -> bySubscriber(decoupling.figures()).get("orders-logistics").behind() <= 3);
        assertThat(bySubscriber(decoupling.figures()).get("orders-logistics").handled())
                .isGreaterThan(after.get("orders-logistics").handled());

        ScenarioLoad.stopAndCheckNoLoad(decoupling, embedded.broker().orElseThrow());
    }

    private static Map<String, DecouplingScenario.SubscriberFigures> bySubscriber(DecouplingScenario.Figures figures) {
        return figures.subscribers().stream().collect(Collectors.toMap(s -> s.subscriber().group(), Function.identity()));
    }
}
