package io.weir.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesStoreTest {

    private static final SeriesKey ORDERS = SeriesKey.of("weir_queue_messages", Map.of("source", "prod", "queue", "orders"));
    private static final SeriesKey BILLING = SeriesKey.of("weir_queue_messages", Map.of("queue", "billing", "source", "prod"));

    @Test
    void labelOrderDoesNotChangeIdentity() {
        assertThat(SeriesKey.of("m", Map.of("a", "1", "b", "2"))).isEqualTo(SeriesKey.of("m", Map.of("b", "2", "a", "1")));
        assertThat(ORDERS.toString()).isEqualTo("weir_queue_messages{queue=\"orders\",source=\"prod\"}");
    }

    @Test
    void samplesOlderThanTheRetentionAreDropped() {
        SeriesStore store = new SeriesStore(Duration.ofSeconds(60), 1000, 10);
        for (int second = 0; second <= 120; second += 10) {
            store.append(ORDERS, second * 1000L, second);
        }
        assertThat(store.range(ORDERS, 0, Long.MAX_VALUE)).extracting(Sample::value)
                .containsExactly(60.0, 70.0, 80.0, 90.0, 100.0, 110.0, 120.0);
    }

    @Test
    void eachSeriesKeepsAtMostItsSampleLimitAndGrowsOnlyAsNeeded() {
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 100, 10);
        store.append(BILLING, 1, 1);
        long small = store.footprintBytes();
        for (int i = 0; i < 1000; i++) {
            store.append(ORDERS, i + 1, i);
        }
        assertThat(store.range(ORDERS, 0, Long.MAX_VALUE)).hasSize(100).first().extracting(Sample::value).isEqualTo(900.0);
        assertThat(small).isLessThan(1000);
        assertThat(store.footprintBytes()).isLessThan(small + 100 * 16 + 1);
    }

    @Test
    void seriesBeyondTheLimitAreRefusedAndCounted() {
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 10, 1);
        store.append(ORDERS, 1, 1);
        store.append(BILLING, 1, 1);
        assertThat(store.seriesCount()).isEqualTo(1);
        assertThat(store.refusedSeries()).isEqualTo(1);
    }

    @Test
    void samplesThatGoBackInTimeAreIgnored() {
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 10, 10);
        store.append(ORDERS, 2000, 2);
        store.append(ORDERS, 1000, 1);
        assertThat(store.range(ORDERS, 0, Long.MAX_VALUE)).containsExactly(new Sample(2000, 2));
    }

    @Test
    void seriesOfVanishedObjectsAreDroppedWithinTheirScopeOnly() {
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 10, 10);
        SeriesKey otherSource = SeriesKey.of("weir_queue_messages", Map.of("source", "staging", "queue", "orders"));
        store.append(ORDERS, 1, 1);
        store.append(BILLING, 1, 1);
        store.append(otherSource, 1, 1);
        store.retainOnly(key -> "prod".equals(key.label("source")), Set.of(ORDERS));
        assertThat(store.keys(key -> true)).containsExactlyInAnyOrder(ORDERS, otherSource);
    }

    @Test
    void allSeriesTogetherStayWithinTheTotalAndFullSeriesDropTheirOldestInstead() {
        SeriesStore store = twoSeriesWithinATotalOf64Samples();
        assertThat(store.footprintBytes()).isLessThanOrEqualTo(64 * 16);
        assertThat(store.range(ORDERS, 0, Long.MAX_VALUE)).hasSize(32).last().extracting(Sample::value).isEqualTo(199.0);
        assertThat(store.range(BILLING, 0, Long.MAX_VALUE)).hasSize(32);
    }

    @Test
    void aDroppedSeriesGivesItsRoomBackToTheOthers() {
        SeriesStore store = twoSeriesWithinATotalOf64Samples();
        store.retainOnly(key -> true, Set.of(ORDERS));
        for (int i = 200; i < 400; i++) {
            store.append(ORDERS, i + 1, i);
        }
        assertThat(store.range(ORDERS, 0, Long.MAX_VALUE)).hasSize(64);
    }

    /** ORDERS and BILLING with 200 samples each offered, in a store with room for 64 in all. */
    private static SeriesStore twoSeriesWithinATotalOf64Samples() {
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 1000, 10, 64);
        for (int i = 0; i < 200; i++) {
            store.append(ORDERS, i + 1, i);
            store.append(BILLING, i + 1, i);
        }
        return store;
    }
}
