package io.weir.monitor;

import io.weir.core.GroupSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.lag.LagEstimate;
import io.weir.monitor.lag.LagTracker;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feeds every successful snapshot to the {@link LagTracker} and derives from it the
 * consumer-group series: lag in seconds per group and topic (only when there is a number to
 * give) and the status code per group. The lag in seconds is as of the snapshot's time, so a
 * group stuck behind an old message shows a lag that grows from poll to poll.
 */
final class ConsumerSignals {

    private final LagTracker lagTracker;

    ConsumerSignals(LagTracker lagTracker) {
        this.lagTracker = lagTracker;
    }

    Map<SeriesKey, Double> record(SourceSnapshot snapshot) {
        Map<SeriesKey, Double> series = new HashMap<>();
        if (!snapshot.isUp()) {
            return series;
        }
        String source = snapshot.source();
        lagTracker.record(source, snapshot.takenAt(), snapshot.broker());
        lagTracker.statuses(source).forEach((group, result) -> series.put(
                key(MonitorMetrics.GROUP_STATUS, source, group, null), (double) result.status().code()));
        for (GroupSnapshot group : snapshot.broker().groups()) {
            group.offsets().stream().map(GroupSnapshot.GroupOffset::topic).distinct().forEach(topic -> {
                LagEstimate lag = lagTracker.groupTopicLag(source, group.group(), topic);
                lag.lag().ifPresent(duration -> series.put(key(MonitorMetrics.GROUP_LAG_SECONDS, source, group.group(), topic),
                        duration.toMillis() / 1000.0));
            });
        }
        return series;
    }

    private static SeriesKey key(String name, String source, String group, String topic) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("source", source);
        labels.put("group", group);
        if (topic != null) {
            labels.put("topic", topic);
        }
        return SeriesKey.of(name, labels);
    }
}
