package io.weir.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RabbitMqChecksTest {

    private static final String[] SAFE = {"durable", "true", "type", "quorum", "dead-letter-exchange", "orders.dlx",
            "max-length", "100000", "overflow", "reject-publish"};

    @Test
    void durableQuorumQueueWithDeadLettersLimitAndManualAckConsumersHasNoFinding() {
        assertEquals(List.of(), Fixtures.rabbitmq().queue("orders", 5, 1, SAFE).consumer("orders", "c1", true, 50)
                .checksOn("//orders"));
    }

    @Test
    void queueWithoutDeadLetterExchangeGetsThePolicyCommand() {
        Finding finding = Fixtures.rabbitmq().queue("orders", 5, 1, "durable", "true", "type", "quorum", "max-length", "10",
                "overflow", "reject-publish").findings("//orders", RabbitMqChecks.DEAD_LETTER_EXCHANGE).get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.fix().startsWith("rabbitmqctl set_policy -p / dlx-orders '^orders$'"), finding.fix());
    }

    @Test
    void transientQueueIsCritical() {
        Finding finding = Fixtures.rabbitmq().queue("orders", 5, 1, "durable", "false", "type", "quorum")
                .findings("//orders", RabbitMqChecks.DURABLE).get(0);
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("durable=false", finding.evidence());
    }

    @Test
    void classicQueueIsAdvisedToBeQuorumAndMirroredOneIsDeprecated() {
        Fixtures broker = Fixtures.rabbitmq().queue("plain", 0, 1, "durable", "true", "type", "classic")
                .queue("mirrored", 0, 1, "durable", "true", "type", "classic", "ha-mode", "all");
        assertEquals(1, broker.findings("//plain", RabbitMqChecks.QUEUE_TYPE).size());
        assertEquals(List.of(), broker.findings("//mirrored", RabbitMqChecks.QUEUE_TYPE));
        assertTrue(broker.findings("//mirrored", RabbitMqChecks.MIRRORED).get(0).title().contains("deprecated"));
    }

    @Test
    void unboundedQueueAndOneThatDropsItsHeadAreReported() {
        Fixtures broker = Fixtures.rabbitmq().queue("unbounded", 7, 1, "durable", "true", "type", "quorum")
                .queue("drops", 0, 1, "durable", "true", "type", "quorum", "max-length", "10");
        assertTrue(broker.findings("//unbounded", RabbitMqChecks.LENGTH_LIMIT).get(0).evidence().contains("7 message(s) now"));
        assertTrue(broker.findings("//drops", RabbitMqChecks.OVERFLOW).get(0).evidence().contains("drop-head"));
        assertEquals(List.of(), broker.findings("//drops", RabbitMqChecks.LENGTH_LIMIT));
    }

    @Test
    void autoAckConsumersAreCriticalAndUnlimitedPrefetchAWarning() {
        Fixtures broker = Fixtures.rabbitmq().queue("orders", 5, 2, SAFE).consumer("orders", "auto", false, 0)
                .consumer("orders", "greedy", true, 0);
        Finding autoAck = broker.findings("//orders", RabbitMqChecks.AUTO_ACK).get(0);
        assertEquals(Severity.CRITICAL, autoAck.severity());
        assertTrue(autoAck.evidence().contains("1 of 2 consumer(s) with ack_required=false: auto"), autoAck.evidence());
        assertTrue(broker.findings("//orders", RabbitMqChecks.PREFETCH).get(0).evidence().contains("greedy"));
    }

    @Test
    void deadLetterQueuesNeedNoDeadLetterExchangeOfTheirOwn() {
        assertEquals(List.of(), Fixtures.rabbitmq().queue("orders.dlq", 5, 0, "durable", "true", "type", "quorum")
                .findings("//orders.dlq", RabbitMqChecks.DEAD_LETTER_EXCHANGE));
    }

    @Test
    void serverNamedQueuesAreLeftOut() {
        assertEquals(List.of(), Fixtures.rabbitmq().queue("amq.gen-abc", 5, 0, "durable", "false").checksOn("//amq.gen-abc"));
    }

    @Test
    void publisherConfirmsAreReportedAsNotVisible() {
        Finding finding = Fixtures.rabbitmq().findings(Finding.WHOLE_SOURCE, RabbitMqChecks.CONFIRMS).get(0);
        assertEquals(Severity.INFO, finding.severity());
        assertTrue(finding.fix().contains("confirmSelect"), finding.fix());
    }

    @Test
    void queueNamesAreEscapedInPolicyPatterns() {
        assertEquals("orders\\.v1\\(eu\\)", RabbitMqChecks.regex("orders.v1(eu)"));
    }
}
