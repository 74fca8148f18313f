package io.weir.advisor;

import static io.weir.advisor.Fixtures.offset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaChecksTest {

    private static final String[] SAFE = {"min.insync.replicas", "2", "unclean.leader.election.enable", "false",
            "retention.ms", "604800000", "cleanup.policy", "delete"};

    @Test
    void topicWithThreeReplicasAndMinIsrTwoHasNoFinding() {
        assertEquals(List.of(), Fixtures.kafka(3).topic("orders", 3, 10, 0, SAFE).checksOn("orders"));
    }

    @Test
    void singleReplicaIsCriticalWithTheReassignmentCommand() {
        Finding finding = Fixtures.kafka(3).topic("orders", 1, 10, 0, SAFE).findings("orders", KafkaChecks.REPLICATION).get(0);
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.evidence().contains("replication factor 1"), finding.evidence());
        assertTrue(finding.fix().contains("kafka-reassign-partitions.sh --bootstrap-server broker:9092"), finding.fix());
        assertTrue(finding.why().contains("lost"), finding.why());
    }

    @Test
    void twoReplicasAreAWarning() {
        Finding finding = Fixtures.kafka(3).topic("orders", 2, 10, 0, "min.insync.replicas", "1")
                .findings("orders", KafkaChecks.REPLICATION).get(0);
        assertEquals(Severity.WARNING, finding.severity());
    }

    @Test
    void minIsrOfOneIsAWarningWithTheConfigCommand() {
        Finding finding = Fixtures.kafka(3).topic("orders", 3, 10, 0, "min.insync.replicas", "1")
                .findings("orders", KafkaChecks.MIN_ISR).get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.fix().contains("--entity-name orders --add-config min.insync.replicas=2"), finding.fix());
    }

    @Test
    void minIsrEqualToReplicationFactorStopsWritesWhenABrokerIsDown() {
        Finding finding = Fixtures.kafka(3).topic("orders", 3, 10, 0, "min.insync.replicas", "3")
                .findings("orders", KafkaChecks.MIN_ISR).get(0);
        assertTrue(finding.title().contains("stops"), finding.title());
        assertTrue(finding.fix().endsWith("min.insync.replicas=2"), finding.fix());
    }

    @Test
    void uncleanLeaderElectionIsCritical() {
        Finding finding = Fixtures.kafka(3).topic("orders", 3, 10, 0, "min.insync.replicas", "2",
                "unclean.leader.election.enable", "true").findings("orders", KafkaChecks.UNCLEAN).get(0);
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.fix().endsWith("unclean.leader.election.enable=false"), finding.fix());
    }

    @Test
    void idempotenceIsReportedAsNotVisibleOncePerSource() {
        List<Finding> findings = Fixtures.kafka(3).topic("a", 3, 1, 0, SAFE).topic("b", 3, 1, 0, SAFE)
                .findings(Finding.WHOLE_SOURCE, KafkaChecks.IDEMPOTENCE);
        assertEquals(1, findings.size());
        assertEquals(Severity.INFO, findings.get(0).severity());
        assertTrue(findings.get(0).evidence().contains("does not report"), findings.get(0).evidence());
    }

    @Test
    void groupWithMembersAndNoCommitNeverCommits() {
        Fixtures cluster = Fixtures.kafka(3).topic("orders", 3, 10, 1, SAFE).group("billing", 1, List.of())
                .group("idle", 0, List.of());
        assertEquals(1, cluster.findings("billing", KafkaChecks.NEVER_COMMITS).size());
        assertEquals(List.of(), cluster.findings("idle", KafkaChecks.NEVER_COMMITS));
    }

    @Test
    void commitBehindLogStartIsCriticalWithTheMessagesLost() {
        Finding finding = Fixtures.kafka(3).topic("orders", 3, 100, 1, SAFE)
                .group("billing", 1, List.of(offset("orders", 40L, 70, 100)))
                .findings("billing", KafkaChecks.BEHIND_LOG_START).get(0);
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.evidence().startsWith("30 message(s) gone"), finding.evidence());
        assertTrue(finding.fix().contains("--group billing --topic orders --reset-offsets"), finding.fix());
    }

    @Test
    void retentionShorterThanTheWorstLagIsCritical() {
        Fixtures cluster = Fixtures.kafka(3).topic("orders", 3, 10, 1, "min.insync.replicas", "2", "retention.ms", "3600000")
                .worstLag("orders", Duration.ofHours(2));
        Finding finding = cluster.findings("orders", KafkaChecks.RETENTION).get(0);
        assertTrue(finding.evidence().contains("worst lag seen 2 h"), finding.evidence());
        assertTrue(finding.fix().contains("retention.ms=86400000"), finding.fix());
    }

    @Test
    void retentionLongerThanTheWorstLagAndCompactedTopicsPass() {
        assertEquals(List.of(), Fixtures.kafka(3).topic("orders", 3, 10, 1, SAFE).worstLag("orders", Duration.ofHours(2))
                .findings("orders", KafkaChecks.RETENTION));
        assertEquals(List.of(), Fixtures.kafka(3).topic("state", 3, 10, 1, "retention.ms", "1000", "cleanup.policy", "compact")
                .worstLag("state", Duration.ofHours(2)).findings("state", KafkaChecks.RETENTION));
    }
}
