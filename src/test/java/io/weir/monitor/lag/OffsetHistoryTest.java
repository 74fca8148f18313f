package io.weir.monitor.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OffsetHistoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void keepsPointsOldestFirst() {
        OffsetHistory history = new OffsetHistory(60, Duration.ofMinutes(15));
        history.record(at(0), 100);
        history.record(at(10), 150);

        assertThat(history.points()).containsExactly(new OffsetPoint(at(0), 100), new OffsetPoint(at(10), 150));
    }

    @Test
    void evictsTheOldestBeyondMaxPoints() {
        OffsetHistory history = new OffsetHistory(3, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            history.record(at(i * 10), i);
        }

        assertThat(history.points()).extracting(OffsetPoint::offset).containsExactly(2L, 3L, 4L);
    }

    @Test
    void historyOfChangesKeepsARunOfOneValueAsItsFirstAndLatestPoint() {
        OffsetHistory history = OffsetHistory.changes(3, Duration.ofHours(1));
        history.record(at(0), 100);
        history.record(at(1), 200);
        for (int i = 2; i < 10; i++) {
            history.record(at(i), 200);
        }

        // A plain history of 3 points would hold only 200s from 7 s on; the move from 100 stays.
        assertThat(history.points()).containsExactly(new OffsetPoint(at(0), 100), new OffsetPoint(at(1), 200),
                new OffsetPoint(at(9), 200));
        assertThat(history.unchangedSince()).contains(at(1));
    }

    @Test
    void evictsPointsOlderThanTheWindowBeforeTheNewest() {
        OffsetHistory history = new OffsetHistory(60, Duration.ofMinutes(15));
        history.record(at(0), 1);
        history.record(at(60), 2);
        history.record(at(15 * 60 + 30), 3);

        assertThat(history.points()).extracting(OffsetPoint::offset).containsExactly(2L, 3L);
    }

    @Test
    void keepsAPointExactlyAtTheWindowBoundary() {
        OffsetHistory history = new OffsetHistory(60, Duration.ofMinutes(15));
        history.record(at(0), 1);
        history.record(at(15 * 60), 2);

        assertThat(history.points()).extracting(OffsetPoint::offset).containsExactly(1L, 2L);
    }

    @Test
    void ignoresAPointNotLaterThanTheNewest() {
        OffsetHistory history = new OffsetHistory(60, Duration.ofMinutes(15));
        history.record(at(10), 1);
        history.record(at(10), 2);
        history.record(at(5), 3);

        assertThat(history.points()).containsExactly(new OffsetPoint(at(10), 1));
    }

    @Test
    void remembersSinceWhenTheValueIsUnchangedPastEviction() {
        OffsetHistory history = new OffsetHistory(3, Duration.ofMinutes(15));
        history.record(at(0), 7);
        history.record(at(10), 8);
        for (int i = 2; i < 10; i++) {
            history.record(at(i * 10), 8);
        }

        assertThat(history.points()).extracting(OffsetPoint::at).doesNotContain(at(10));
        assertThat(history.unchangedSince()).contains(at(10));
    }

    @Test
    void hasNoUnchangedSinceBeforeTheFirstPoint() {
        assertThat(new OffsetHistory(60, Duration.ofMinutes(15)).unchangedSince()).isEmpty();
    }

    @Test
    void rejectsBoundsThatCannotHoldARate() {
        assertThatThrownBy(() -> new OffsetHistory(1, Duration.ofMinutes(15))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OffsetHistory(60, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
