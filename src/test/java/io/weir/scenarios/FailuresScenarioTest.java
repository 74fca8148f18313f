package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weir.broker.Broker;
import io.weir.broker.GroupDescription;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.monitor.SourceMonitor;
import io.weir.operations.Actor;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.ReplayRequest;
import io.weir.operations.replay.ReplaySelection;
import io.weir.operations.replay.ReplayState;
import io.weir.operations.replay.Replays;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failures scenario on the real built-in broker: failing payments reach the dead-letter
 * topic after their attempts and come back through the ordinary replay job once the consumer is
 * fixed; duplicates from producer retries and consumer crashes are dropped or absorbed, each
 * payout paid once; per-key order holds across four partitions and two consumers.
 */
@QuarkusTest
@TestProfile(ScenarioTestProfile.class)
class FailuresScenarioTest {

    private static final Actor TESTER = new Actor("scenario-test", Actor.Channel.API, null);

    @Inject
    Scenarios scenarios;
    @Inject
    EmbeddedBroker embedded;
    @Inject
    SourceMonitor monitor;
    @Inject
    Replays replays;

    @AfterEach
    void cleanUp() throws Exception {
        scenarios.failures().deleteTopics();
    }

    @Test
    void failedPaymentsAreDeadLetteredAndReplayedDuplicatesAbsorbedAndOrderKept() throws Exception {
        FailuresScenario failures = scenarios.failures();
        Broker broker = embedded.broker().orElseThrow();
        failures.start();

        ScenarioLoad.await("three dead letters", Duration.ofSeconds(20), () -> failures.figures().deadLetters().deadLetters() >= 3);
        FailuresScenario.DeadLetterFigures broken = failures.figures().deadLetters();
        assertThat(broken.failedAttempts()).as("attempts before dead-lettering").isGreaterThanOrEqualTo(3L * 3);
        assertThat(broker.describeTopic(FailuresScenario.deadLetterTopic()).messages()).isGreaterThanOrEqualTo(3);
        ScenarioLoad.await("the monitor to see the dead-letter topic", Duration.ofSeconds(10),
                () -> monitor.latest(scenarios.sourceName()).filter(s -> s.isUp()).map(s -> s.broker().queues().stream()
                        .anyMatch(q -> q.name().equals(FailuresScenario.deadLetterTopic()) && q.deadLetter() && q.messages() >= 3))
                        .orElse(false));

        failures.fix();
        ReplayJob job = replays.start(new ReplayRequest(scenarios.sourceName(), FailuresScenario.deadLetterTopic(),
                ReplaySelection.ALL, null, 0, null), TESTER);
        ScenarioLoad.await("the replay job to finish", Duration.ofSeconds(20), () -> {
            try {
                return replays.get(job.id).state == ReplayState.FINISHED;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long replayed = replays.get(job.id).replayed;
        assertThat(replayed).isGreaterThanOrEqualTo(3);
        ScenarioLoad.await("the replayed payments to be processed", Duration.ofSeconds(15),
                () -> failures.figures().deadLetters().recovered() >= replayed);

        ScenarioLoad.await("duplicates from both sides", Duration.ofSeconds(20), () -> failures.figures().duplicates().absorbed() >= 3
                && failures.figures().duplicates().droppedByBroker() >= 1);
        ScenarioLoad.await("100 order events checked", Duration.ofSeconds(20), () -> failures.figures().order().checked() >= 100);

        ScenarioLoad.stopAndCheckNoLoad(failures, broker);
        FailuresScenario.Figures end = failures.figures();
        System.out.printf("failures scenario: %d dead letters replayed; payouts %d published, %d retries dropped by the broker,"
                + " %d duplicate deliveries absorbed, %d paid; order events %d checked, %d redelivered, %d violations%n",
                replayed, end.duplicates().published(), end.duplicates().droppedByBroker(), end.duplicates().absorbed(),
                end.duplicates().paid(), end.order().checked(), end.order().redelivered(), end.order().violations());

        // The broker stored each payout once, retries or not; the ledger paid each stored one at most
        // once, and at least every one its group committed.
        long stored = broker.describeTopic(FailuresScenario.PAYOUTS).messages();
        assertThat(stored).isEqualTo(end.duplicates().published());
        assertThat(end.duplicates().droppedByBroker()).isEqualTo(end.duplicates().producerRetries());
        GroupDescription ledger = broker.describeGroup(FailuresScenario.PAYOUTS, FailuresScenario.PAYOUTS_GROUP);
        long committed = ledger.committed().values().stream().mapToLong(Long::longValue).sum();
        assertThat(end.duplicates().paid()).isBetween(committed, stored);
        assertThat(end.duplicates().deliveries()).isEqualTo(end.duplicates().paid() + end.duplicates().absorbed());

        assertThat(end.order().violations()).isZero();
        assertThat(end.order().perConsumer()).hasSize(2).allSatisfy((consumer, events) -> assertThat(events).isPositive());
    }
}
