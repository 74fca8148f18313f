package io.weir.alerting.notify;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one receiver is told about one group of alerts at one time: the group's firing alerts and
 * those that resolved since the last notification. Stored as JSON in the outbox before it is sent,
 * so it holds everything a notifier needs.
 *
 * @param receiver    the configured receiver's name
 * @param groupKey    route and grouping labels, stable across restarts
 * @param groupLabels the values of the route's {@code group-by} labels
 * @param alerts      firing alerts first, then resolved ones
 * @param externalUrl Weir's public address ({@code weir.public-url}), for links back
 */
public record Notification(String receiver, String groupKey, SortedMap<String, String> groupLabels,
        List<Alert> alerts, String externalUrl, Instant createdAt) {

    public Notification {
        groupLabels = new TreeMap<>(groupLabels);
        alerts = List.copyOf(alerts);
    }

    /** {@code firing} while any alert fires, {@code resolved} once all have. */
    public String status() {
        return firing().isEmpty() ? "resolved" : "firing";
    }

    /** One line for people, e.g. {@code [FIRING: 2] ConsumerStopped, DeadLettersArriving}. */
    public String summary() {
        int firing = firing().size();
        int resolved = resolved().size();
        String state = firing > 0 ? "FIRING: " + firing + (resolved > 0 ? ", resolved: " + resolved : "") : "RESOLVED: " + resolved;
        return "[" + state + "] " + String.join(", ", alerts.stream().map(Alert::name).distinct().toList());
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> a.state() == AlertState.RESOLVED).toList();
    }

    /** Labels every alert has with the same value. */
    public SortedMap<String, String> commonLabels() {
        return common(alerts.stream().map(a -> (Map<String, String>) a.labels()).toList());
    }

    /** Annotations every alert has with the same value. */
    public SortedMap<String, String> commonAnnotations() {
        return common(alerts.stream().map(Alert::annotations).toList());
    }

    private static SortedMap<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return new TreeMap<>();
        }
        Map<String, String> result = new HashMap<>(maps.get(0));
        for (Map<String, String> map : maps.subList(1, maps.size())) {
            result.entrySet().removeIf(e -> !Objects.equals(map.get(e.getKey()), e.getValue()));
        }
        return new TreeMap<>(result);
    }
}
