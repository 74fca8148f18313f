package io.weir.monitor;

import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publish and deliver rates of topics, which Kafka does not report: the publish rate is the
 * increase of the topic's end offsets, the deliver rate the increase of every group's committed
 * offsets on it, each per second between the last two polls. It keeps the counters of each
 * source's previous poll itself, so a rate comes from the series of this poll and the one
 * before, never from reading the history back. A poll without a counter (a failed one, a topic
 * deleted) starts that counter afresh.
 *
 * <p>Threads: each source is recorded by one thread at a time; different sources concurrently.
 */
final class TopicRates {

    private final Map<String, Map<SeriesKey, Sample>> previousBySource = new ConcurrentHashMap<>();

    /** The rates of the source's poll taken at {@code atMillis}, whose series are {@code series}. */
    Map<SeriesKey, Double> next(String source, long atMillis, Map<SeriesKey, Double> series) {
        Map<SeriesKey, Sample> previous = previousBySource.getOrDefault(source, Map.of());
        Map<SeriesKey, Sample> counters = new HashMap<>();
        Map<String, Double> deliveredByTopic = new HashMap<>();
        Map<SeriesKey, Double> published = new HashMap<>();
        series.forEach((key, value) -> {
            boolean committed = key.name().equals(MonitorMetrics.GROUP_COMMITTED);
            if (committed || key.name().equals(MonitorMetrics.QUEUE_PUBLISHED_TOTAL)) {
                Sample now = new Sample(atMillis, value);
                counters.put(key, now);
                Double rate = rate(previous.get(key), now);
                if (rate != null && committed) {
                    deliveredByTopic.merge(key.label("topic"), rate, Double::sum);
                } else if (rate != null) {
                    published.put(key, rate);
                }
            }
        });
        previousBySource.put(source, counters);
        Map<SeriesKey, Double> rates = new HashMap<>();
        published.forEach((key, rate) -> {
            rates.put(new SeriesKey(MonitorMetrics.QUEUE_PUBLISH_RATE, key.labels()), rate);
            rates.put(new SeriesKey(MonitorMetrics.QUEUE_DELIVER_RATE, key.labels()),
                    deliveredByTopic.getOrDefault(key.label("queue"), 0.0));
        });
        return rates;
    }

    /** The per-second increase of a broker counter between two samples, or null. */
    private static Double rate(Sample previous, Sample last) {
        if (previous == null || last.timeMillis() <= previous.timeMillis()) {
            return null;
        }
        double increase = last.value() - previous.value();
        if (increase < 0) {
            return null; // the counter was reset (topic recreated, offsets rewound)
        }
        return increase * 1000.0 / (last.timeMillis() - previous.timeMillis());
    }
}
