package io.weir.alerting.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One configured route, parsed. {@code groupBy} null means every label ({@code ...}). */
record Route(String name, String receiver, List<Matcher> matchers, List<String> groupBy, Duration groupWait,
        Duration groupInterval, Duration repeatInterval, boolean continueMatching) {

    static final String DEFAULT = "default";
    static final String ALL_LABELS = "...";

    boolean matches(Map<String, String> labels) {
        return Matcher.all(matchers, labels);
    }

    /** The values of the group-by labels of an alert: its group within this route. */
    SortedMap<String, String> groupLabels(Map<String, String> labels) {
        if (groupBy == null) {
            return new TreeMap<>(labels);
        }
        SortedMap<String, String> group = new TreeMap<>();
        for (String label : groupBy) {
            String value = labels.get(label);
            if (value != null) {
                group.put(label, value);
            }
        }
        return group;
    }

    /**
     * Stable across restarts and changes to other routes: the notification log's key, e.g.
     * {@code default/team-slack:{alertname="ConsumerStopped"}} (Alertmanager's shape).
     */
    String groupKey(SortedMap<String, String> groupLabels) {
        StringBuilder key = new StringBuilder(name).append('/').append(receiver).append(":{");
        groupLabels.forEach((label, value) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",")
                .append(label).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return key.append('}').toString();
    }
}
