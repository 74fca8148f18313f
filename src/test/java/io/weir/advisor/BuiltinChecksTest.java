package io.weir.advisor;

import static io.weir.advisor.Fixtures.offset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinChecksTest {

    private static String[] settings(String flush, String dedupIds, String window, String maxMessages) {
        return new String[] {"flush-policy", flush, "dedup-max-ids", dedupIds, "dedup-window", window,
                "max-messages", maxMessages, "max-bytes", "0"};
    }

    @Test
    void topicWithGroupCommitDedupAndALimitHasNoFinding() {
        assertEquals(List.of(), Fixtures.builtin().topic("orders", 1, 0, 1, settings("group_commit", "10000", "PT10M", "1000"))
                .checksOn("orders"));
    }

    @Test
    void flushPolicyOsIsReportedOnlyWithConsumers() {
        assertEquals(1, Fixtures.builtin().topic("orders", 1, 0, 2, settings("os", "10000", "PT10M", "1000"))
                .findings("orders", BuiltinChecks.FLUSH).size());
        assertEquals(List.of(), Fixtures.builtin().topic("scratch", 1, 0, 0, settings("os", "10000", "PT10M", "1000"))
                .findings("scratch", BuiltinChecks.FLUSH));
    }

    @Test
    void dedupWindowShorterThanProducerRetriesLetsDuplicatesThrough() {
        Finding finding = Fixtures.builtin().topic("orders", 1, 0, 1, settings("group_commit", "10000", "PT1M", "1000"))
                .findings("orders", BuiltinChecks.DEDUP).get(0);
        assertTrue(finding.evidence().contains("dedup-window=1 min, producers retry for up to 5 min"), finding.evidence());
        assertTrue(finding.why().contains("duplication"), finding.why());
    }

    @Test
    void dedupTurnedOffIsReported() {
        assertEquals("Deduplication is off", Fixtures.builtin().topic("orders", 1, 0, 1, settings("group_commit", "0", "PT10M", "1"))
                .findings("orders", BuiltinChecks.DEDUP).get(0).title());
    }

    @Test
    void topicWithoutBacklogLimitIsReported() {
        assertEquals(1, Fixtures.builtin().topic("orders", 1, 3, 1, settings("group_commit", "10000", "PT10M", "0"))
                .findings("orders", BuiltinChecks.BACKLOG_LIMIT).size());
    }

    @Test
    void orderedGroupHasNoDeadLetterTopicAndSharedOneHas() {
        Fixtures broker = Fixtures.builtin().topic("orders", 1, 3, 2, settings("group_commit", "10000", "PT10M", "10"))
                .group("billing", 1, List.of(offset("orders", 0L, 0, 3)), "mode", "ordered", "max-attempts", "5")
                .group("mailer", 1, List.of(offset("orders", 0L, 0, 3)), "mode", "shared", "max-attempts", "5");
        assertTrue(broker.findings("billing", BuiltinChecks.NO_DEAD_LETTERS).get(0).fix()
                .contains("POST /api/broker/v1/topics/orders/groups"));
        assertEquals(List.of(), broker.findings("mailer", BuiltinChecks.NO_DEAD_LETTERS));
    }
}
