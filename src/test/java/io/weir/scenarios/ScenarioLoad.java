package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.Broker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Checks shared by the scenario tests: waiting for a figure, and that a stopped scenario leaves no load. */
final class ScenarioLoad {

    private ScenarioLoad() {
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Names of the scenario threads still alive. */
    static List<String> scenarioThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(Worker.THREAD_PREFIX)).sorted().toList();
    }

    /** Sum of the end offsets of the topics: grows with every message published. */
    static long published(Broker broker, List<String> topics) {
        return topics.stream().filter(broker.topics()::contains)
                .mapToLong(topic -> broker.describeTopic(topic).partitions().stream().mapToLong(p -> p.endOffset()).sum())
                .sum();
    }

    /**
     * Stops the scenario and checks that its load is gone: no thread of it alive, and nothing
     * published to its topics for a second afterwards.
     */
    static void stopAndCheckNoLoad(Scenario scenario, Broker broker) throws InterruptedException {
        scenario.stop();
        assertThat(scenario.running()).isFalse();
        assertThat(scenarioThreads()).as("scenario threads after stop").isEmpty();
        long before = published(broker, scenario.topics());
        Thread.sleep(1000);
        assertThat(published(broker, scenario.topics())).as("messages published after stop").isEqualTo(before);
    }
}
