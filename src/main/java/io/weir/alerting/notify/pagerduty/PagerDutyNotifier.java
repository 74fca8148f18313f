package io.weir.alerting.notify.pagerduty;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.notify.AlertFingerprint;
import io.weir.alerting.notify.JsonPost;
import io.weir.alerting.notify.Notification;
import io.weir.alerting.notify.Notifier;
import io.weir.alerting.notify.SendResult;
import io.weir.alerting.notify.WeirLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one Events API v2 event per alert of the notification: {@code trigger} while it fires,
 * {@code resolve} once it resolved, both with the alert's fingerprint as {@code dedup_key}, so
 * PagerDuty opens one incident per alert and closes that same one. PagerDuty answers 202 when it
 * accepted an event. The events are sent in order and the first that is not accepted ends the
 * attempt; a retry sends them all again, which PagerDuty deduplicates by {@code dedup_key}.
 */
public class PagerDutyNotifier implements Notifier {

    /** PagerDuty cuts a longer summary. */
    private static final int MAX_SUMMARY = 1024;

    private final JsonPost post;
    private final String routingKey;

    public PagerDutyNotifier(JsonPost post, String routingKey) {
        this.post = post;
        this.routingKey = routingKey;
    }

    @Override
    public SendResult send(Notification notification) {
        SendResult result = new SendResult.Delivered("no alerts");
        for (Alert alert : notification.alerts()) {
            result = post.send(event(alert, notification.externalUrl()), response -> response.statusCode() == 202);
            if (!(result instanceof SendResult.Delivered)) {
                return result;
            }
        }
        return result;
    }

    Map<String, Object> event(Alert alert, String publicUrl) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("dedup_key", AlertFingerprint.of(alert));
        if (alert.state() == AlertState.RESOLVED) {
            event.put("event_action", "resolve");
            return event;
        }
        event.put("event_action", "trigger");
        Map<String, Object> payload = new LinkedHashMap<>();
        String summary = alert.annotations().getOrDefault("summary", alert.name() + " " + alert.identity());
        payload.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary);
        payload.put("source", alert.labels().getOrDefault("source", "weir"));
        payload.put("severity", severity(alert.labels().get("severity")));
        payload.put("timestamp", (alert.firedAt() != null ? alert.firedAt() : alert.activeAt()).toString());
        String object = WeirLinks.objectName(alert);
        if (object != null) {
            payload.put("component", object);
        }
        payload.put("group", alert.ruleGroup());
        payload.put("class", alert.name());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("value", alert.value());
        details.put("firing_since", payload.get("timestamp"));
        details.put("labels", alert.labels());
        details.put("annotations", alert.annotations());
        payload.put("custom_details", details);
        event.put("payload", payload);
        event.put("client", "Weir");
        event.put("client_url", publicUrl);
        List<Map<String, String>> links = new ArrayList<>();
        links.add(Map.of("href", WeirLinks.objectUrl(publicUrl, alert), "text", "Open in Weir"));
        String runbook = alert.annotations().get("runbook_url");
        if (runbook != null) {
            links.add(Map.of("href", runbook, "text", "Runbook"));
        }
        event.put("links", links);
        return event;
    }

    /** PagerDuty knows four severities; the usual names for them map onto those. */
    public static String severity(String label) {
        if (label == null) {
            return "error";
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "fatal", "emergency" -> "critical";
            case "warning", "warn", "minor" -> "warning";
            case "info", "informational", "none", "low" -> "info";
            default -> "error";
        };
    }
}
