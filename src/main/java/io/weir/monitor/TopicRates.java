package io.weir.monitor;

import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Publish and deliver rates of topics, which Kafka does not report: the publish rate is the
 * increase of the topic's end offsets, the deliver rate the increase of every group's committed
 * offsets on it, each per second between the last two polls.
 */
final class TopicRates {

    private TopicRates() {
    }

    static Map<SeriesKey, Double> of(Map<SeriesKey, Double> series, SeriesStore history) {
        Map<SeriesKey, Double> rates = new HashMap<>();
        Map<String, Double> deliveredByTopic = new HashMap<>();
        for (SeriesKey key : series.keySet()) {
            if (key.name().equals(MonitorMetrics.GROUP_COMMITTED)) {
                Double rate = SnapshotRecorder.lastRate(history, key);
                if (rate != null) {
                    deliveredByTopic.merge(key.label("topic"), rate, Double::sum);
                }
            }
        }
        for (SeriesKey key : series.keySet()) {
            if (key.name().equals(MonitorMetrics.QUEUE_PUBLISHED_TOTAL)) {
                Double published = SnapshotRecorder.lastRate(history, key);
                if (published != null) {
                    rates.put(new SeriesKey(MonitorMetrics.QUEUE_PUBLISH_RATE, key.labels()), published);
                    rates.put(new SeriesKey(MonitorMetrics.QUEUE_DELIVER_RATE, key.labels()),
                            deliveredByTopic.getOrDefault(key.label("queue"), 0.0));
                }
            }
        }
        return rates;
    }
}
