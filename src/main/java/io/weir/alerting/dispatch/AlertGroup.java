package io.weir.alerting.dispatch;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The alerts of one route that share the values of the route's {@code group-by} labels, notified
 * together. Lives in memory only (the notification log in the database says what was sent); not
 * thread-safe: the dispatcher's thread owns it.
 */
final class AlertGroup {

    final Route route;
    final SortedMap<String, String> labels;
    final String key;
    /** When the group is looked at next: after {@code group-wait} at first, then every {@code group-interval}. */
    Instant nextFlush;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();

    AlertGroup(Route route, SortedMap<String, String> labels, Instant created) {
        this.route = route;
        this.labels = labels;
        this.key = route.groupKey(labels);
        this.nextFlush = created.plus(route.groupWait());
    }

    /** The latest state of the alert replaces the one held. */
    void put(Alert alert, Instant seenAt) {
        alerts.put(alert.identity(), alert);
        lastSeen.put(alert.identity(), seenAt);
    }

    /**
     * A firing alert the rule engine stopped sending (its rule was removed, or Weir lost it) counts
     * as resolved after {@code timeout}, so it does not fire for ever.
     */
    void resolveStale(Instant now, Duration timeout) {
        alerts.replaceAll((identity, alert) -> alert.state() == AlertState.FIRING
                && lastSeen.get(identity).plus(timeout).isBefore(now)
                ? new Alert(alert.labels(), alert.annotations(), AlertState.RESOLVED, alert.value(), alert.activeAt(),
                        alert.firedAt(), now, alert.ruleGroup(), alert.ruleFile())
                : alert);
    }

    List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    void remove(Collection<Alert> gone) {
        for (Alert alert : gone) {
            alerts.remove(alert.identity());
            lastSeen.remove(alert.identity());
        }
    }

    boolean isEmpty() {
        return alerts.isEmpty();
    }
}
