package io.weir.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BrokerSource} must do, run against a real broker of each kind. A subclass
 * provides a {@link BrokerFixture} that creates queues, publishes and consumes with the broker's
 * own client; the assertions are the same for every kind.
 */
public abstract class BrokerSourceContract {

    /** Test-side access to a real broker, through its own client library. */
    public interface BrokerFixture extends AutoCloseable {

        /** A source pointed at the broker, as Weir would build it from configuration. */
        BrokerSource source();

        /** A source with the same kind pointed at an address where nothing listens. */
        BrokerSource unreachableSource();

        /** Creates a queue or topic named after {@code name}; returns its qualified name as sources report it. */
        String createQueue(String name) throws Exception;

        /** Creates a queue or topic the broker kind treats as a dead-letter queue; returns its qualified name. */
        String createDeadLetterQueue(String name) throws Exception;

        void publish(String queue, int messages) throws Exception;

        /** Consumes {@code messages} as {@code group} and acknowledges or commits them. */
        void consumeAndAcknowledge(String queue, String group, int messages) throws Exception;

        void deleteQueue(String queue) throws Exception;

        /** Whether the kind has consumer groups with committed offsets (Kafka, built-in) or not (RabbitMQ). */
        boolean hasConsumerGroups();

        /** Longest the broker may take to show a change in its figures (RabbitMQ's statistics lag). */
        Duration settleTime();
    }

    protected abstract BrokerFixture createFixture() throws Exception;

    protected BrokerFixture fixture;
    protected String prefix;

    @BeforeEach
    void openFixture() throws Exception {
        fixture = createFixture();
        prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.source().close();
        fixture.close();
    }

    @Test
    void healthNamesTheVersionAndTheRunningNodes() throws Exception {
        BrokerSnapshot snapshot = fixture.source().read();
        assertThat(snapshot.health().version()).isNotBlank().isNotEqualTo("unknown");
        assertThat(snapshot.health().nodes()).isNotEmpty();
        assertThat(snapshot.health().nodesUp()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void publishedMessagesShowAsBacklog() throws Exception {
        String queue = fixture.createQueue(prefix + "-backlog");
        fixture.publish(queue, 25);
        QueueSnapshot seen = awaitQueue(queue, q -> q.messages() == 25);
        assertThat(seen.deadLetter()).isFalse();
        assertThat(seen.qualifiedName()).isEqualTo(queue);
    }

    @Test
    void consumedMessagesLeaveOnlyTheRestAsBacklogOrLag() throws Exception {
        String queue = fixture.createQueue(prefix + "-lag");
        fixture.publish(queue, 30);
        fixture.consumeAndAcknowledge(queue, prefix + "-group", 12);
        if (fixture.hasConsumerGroups()) {
            GroupSnapshot group = awaitGroup(prefix + "-group", g -> totalLag(g, queue) == 18);
            assertThat(group.offsets()).allSatisfy(offset -> assertThat(offset.committedOffset()).isNotNull());
            awaitQueue(queue, q -> q.messages() == 30);
        } else {
            awaitQueue(queue, q -> q.messages() == 18);
        }
    }

    @Test
    void deadLetterQueuesAreRecognised() throws Exception {
        String dlq = fixture.createDeadLetterQueue(prefix + "-orders");
        String plain = fixture.createQueue(prefix + "-plain");
        assertThat(awaitQueue(dlq, q -> true).deadLetter()).isTrue();
        assertThat(awaitQueue(plain, q -> true).deadLetter()).isFalse();
    }

    @Test
    void deletedQueuesStopBeingReported() throws Exception {
        String queue = fixture.createQueue(prefix + "-gone");
        awaitQueue(queue, q -> true);
        fixture.deleteQueue(queue);
        awaitSnapshot(s -> s.queues().stream().noneMatch(q -> q.qualifiedName().equals(queue)), "queue " + queue + " to disappear");
    }

    @Test
    void unreachableBrokerFailsWithAReasonInsteadOfZeros() {
        try (BrokerSource unreachable = fixture.unreachableSource()) {
            assertThatThrownBy(unreachable::read)
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining(unreachable.settings().address());
        }
    }

    private static long totalLag(GroupSnapshot group, String topic) {
        return group.offsets().stream().filter(o -> o.topic().equals(topic) && o.lag() != null)
                .mapToLong(GroupSnapshot.GroupOffset::lag).sum();
    }

    protected QueueSnapshot awaitQueue(String queue, Predicate<QueueSnapshot> matches) throws Exception {
        BrokerSnapshot snapshot = awaitSnapshot(s -> find(s, queue).filter(matches).isPresent(), "queue " + queue);
        return find(snapshot, queue).orElseThrow();
    }

    protected GroupSnapshot awaitGroup(String group, Predicate<GroupSnapshot> matches) throws Exception {
        BrokerSnapshot snapshot = awaitSnapshot(s -> s.groups().stream()
                .anyMatch(g -> g.group().equals(group) && matches.test(g)), "group " + group);
        return snapshot.groups().stream().filter(g -> g.group().equals(group)).findFirst().orElseThrow();
    }

    protected BrokerSnapshot awaitSnapshot(Predicate<BrokerSnapshot> matches, String what) throws Exception {
        Instant deadline = Instant.now().plus(fixture.settleTime()).plusSeconds(10);
        BrokerSnapshot last = null;
        while (Instant.now().isBefore(deadline)) {
            last = fixture.source().read();
            if (matches.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited for " + what + "; last snapshot: " + last);
    }

    private static Optional<QueueSnapshot> find(BrokerSnapshot snapshot, String queue) {
        return snapshot.queues().stream().filter(q -> q.qualifiedName().equals(queue)).findFirst();
    }
}
