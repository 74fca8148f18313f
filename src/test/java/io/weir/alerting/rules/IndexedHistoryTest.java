package io.weir.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.alerting.promql.Evaluator;
import io.weir.alerting.promql.Parser;
import io.weir.alerting.promql.VectorSample;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The indexed history gives every expression the result a full scan of the history gives. */
class IndexedHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void indexedSelectionEqualsFullScanForEqualityRegexAndNegativeMatchers() {
        SeriesStore store = new SeriesStore(Duration.ofHours(1), 100, 10_000);
        for (int i = 0; i < 300; i++) {
            SeriesKey key = SeriesKey.of(i % 2 == 0 ? "weir_queue_messages" : "weir_queue_consumers",
                    Map.of("source", "s" + i % 3, "queue", "q" + i, "vhost", i % 5 == 0 ? "" : "/"));
            for (int n = 0; n < 10; n++) {
                store.append(key, NOW.minusSeconds(10L * (9 - n)).toEpochMilli(), i * n);
            }
        }
        Evaluator indexed = new Evaluator(new IndexedHistory(store));
        Evaluator scanning = new Evaluator(store);
        for (String expr : List.of(
                "weir_queue_messages{source=\"s1\"}",
                "weir_queue_messages{source=\"s1\", queue=~\"q1.*\"}",
                "{__name__=~\"weir_queue_.*\", source!=\"s0\"}",
                "sum by (source) (rate(weir_queue_messages{vhost=\"\"}[1m]))",
                "weir_queue_consumers{queue=\"q7\"} > bool 0",
                "weir_queue_messages{queue=\"absent\"}")) {
            List<VectorSample> expected = scanning.evaluate(Parser.parse(expr), NOW).asVector();
            assertThat(indexed.evaluate(Parser.parse(expr), NOW).asVector()).as(expr).isEqualTo(expected);
        }
    }
}
