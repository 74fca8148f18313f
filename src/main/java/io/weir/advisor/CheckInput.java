package io.weir.advisor;

import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceSnapshot;
import java.time.Duration;
import java.util.Map;

/**
 * What the checks of one source look at: its latest snapshot (a successful one), and what the
 * advisor remembers of earlier ones.
 *
 * @param worstLag per topic, the worst lag in time of any group on it over the history kept
 * @param undrained per dead-letter queue (qualified name), how long it has held messages without
 *     shrinking, for those that received some meanwhile
 */
public record CheckInput(SourceSnapshot snapshot, Map<String, Duration> worstLag, Map<String, Duration> undrained,
        Thresholds thresholds) {

    public CheckInput {
        if (!snapshot.isUp()) {
            throw new IllegalArgumentException("checks need a successful snapshot");
        }
        worstLag = Map.copyOf(worstLag);
        undrained = Map.copyOf(undrained);
    }

    public BrokerSnapshot broker() {
        return snapshot.broker();
    }

    public String source() {
        return snapshot.source();
    }
}
