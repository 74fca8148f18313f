package io.weir.advisor;

import static io.weir.advisor.Fixtures.offset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonChecksTest {

    @Test
    void deadLettersUndrainedLongerThanTheLimitAreReported() {
        Fixtures broker = Fixtures.rabbitmq().queue("orders.dlq", 12, 0).queue("other.dlq", 3, 0)
                .undrained("//orders.dlq", Duration.ofMinutes(90)).undrained("//other.dlq", Duration.ofMinutes(10));
        Finding finding = broker.findings("//orders.dlq", CommonChecks.UNDRAINED).get(0);
        assertTrue(finding.evidence().contains("12 message(s), received more and not shrunk for 1 h 30 min"), finding.evidence());
        assertEquals(List.of(), broker.findings("//other.dlq", CommonChecks.UNDRAINED));
    }

    @Test
    void queueWithMessagesAndNoConsumerIsReportedButNotAnEmptyOne() {
        Fixtures broker = Fixtures.rabbitmq().queue("waiting", 4, 0).queue("empty", 0, 0).queue("served", 4, 1);
        assertEquals(1, broker.findings("//waiting", CommonChecks.NO_CONSUMERS).size());
        assertEquals(List.of(), broker.findings("//empty", CommonChecks.NO_CONSUMERS));
        assertEquals(List.of(), broker.findings("//served", CommonChecks.NO_CONSUMERS));
    }

    @Test
    void kafkaTopicCountsAsUnconsumedOnlyWhenItsGroupsHaveNoMembers() {
        Fixtures cluster = Fixtures.kafka(3).topic("log", 3, 100, 0).topic("orders", 3, 100, 0)
                .group("billing", 0, List.of(offset("orders", 50L, 0, 100)));
        assertEquals(List.of(), cluster.findings("log", CommonChecks.NO_CONSUMERS));
        assertEquals(1, cluster.findings("orders", CommonChecks.NO_CONSUMERS).size());
    }

    @Test
    void redeliveryAboveTheRateIsReported() {
        Fixtures broker = Fixtures.rabbitmq().queue("flaky", 1, 1, "redeliver-rate", "12.5").queue("fine", 1, 1, "redeliver-rate", "0.2");
        assertTrue(broker.findings("//flaky", CommonChecks.REDELIVERY).get(0).evidence().contains("redelivered 12.5 msg/s"));
        assertEquals(List.of(), broker.findings("//fine", CommonChecks.REDELIVERY));
    }

    @Test
    void findingsComeWorstFirst() {
        List<Finding> findings = Fixtures.rabbitmq().queue("a", 1, 0, "durable", "false").run();
        assertEquals(Severity.CRITICAL, findings.get(0).severity());
        assertEquals(Severity.INFO, findings.get(findings.size() - 1).severity());
    }
}
