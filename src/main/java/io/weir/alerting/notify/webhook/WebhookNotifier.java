package io.weir.alerting.notify.webhook;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.notify.AlertFingerprint;
import io.weir.alerting.notify.JsonPost;
import io.weir.alerting.notify.Notification;
import io.weir.alerting.notify.Notifier;
import io.weir.alerting.notify.SendResult;
import io.weir.alerting.notify.WeirLinks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts the notification as Alertmanager's {@code webhook_config} does (payload version 4), so
 * receivers written for Alertmanager work unchanged. Any 2xx answer counts as delivered.
 */
public class WebhookNotifier implements Notifier {

    /** What Alertmanager writes as {@code endsAt} of an alert that has not ended. */
    static final String NOT_ENDED = "0001-01-01T00:00:00Z";

    private final JsonPost post;

    public WebhookNotifier(JsonPost post) {
        this.post = post;
    }

    @Override
    public SendResult send(Notification notification) {
        return post.send(payload(notification), response -> response.statusCode() / 100 == 2);
    }

    Map<String, Object> payload(Notification notification) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", "4");
        payload.put("groupKey", notification.groupKey());
        payload.put("truncatedAlerts", 0);
        payload.put("status", notification.status());
        payload.put("receiver", notification.receiver());
        payload.put("groupLabels", notification.groupLabels());
        payload.put("commonLabels", notification.commonLabels());
        payload.put("commonAnnotations", notification.commonAnnotations());
        payload.put("externalURL", notification.externalUrl());
        payload.put("alerts", notification.alerts().stream().map(a -> alert(a, notification.externalUrl())).toList());
        return payload;
    }

    private static Map<String, Object> alert(Alert alert, String publicUrl) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", alert.state() == AlertState.FIRING ? "firing" : "resolved");
        json.put("labels", alert.labels());
        json.put("annotations", alert.annotations());
        json.put("startsAt", (alert.firedAt() != null ? alert.firedAt() : alert.activeAt()).toString());
        json.put("endsAt", alert.resolvedAt() != null ? alert.resolvedAt().toString() : NOT_ENDED);
        json.put("generatorURL", WeirLinks.objectUrl(publicUrl, alert));
        json.put("fingerprint", AlertFingerprint.of(alert));
        return json;
    }
}
