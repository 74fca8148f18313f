package io.weir.alerting.notify.alertmanager;

import io.weir.alerting.Alert;
import io.weir.alerting.notify.JsonPost;
import io.weir.alerting.notify.Notification;
import io.weir.alerting.notify.Notifier;
import io.weir.alerting.notify.SendResult;
import io.weir.alerting.notify.WeirLinks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs the notification's alerts to Alertmanager's {@code /api/v2/alerts} as an array of
 * postable alerts. A firing alert carries no {@code endsAt}, so Alertmanager resolves it by itself
 * after its {@code resolve_timeout} unless Weir sends it again: route alerts to this receiver with a
 * {@code repeat-interval} shorter than that (README). A resolved alert carries its end. Alertmanager
 * answers 200 when it took the alerts.
 */
public class AlertmanagerNotifier implements Notifier {

    private final JsonPost post;

    public AlertmanagerNotifier(JsonPost post) {
        this.post = post;
    }

    @Override
    public SendResult send(Notification notification) {
        return post.send(notification.alerts().stream().map(a -> postable(a, notification.externalUrl())).toList(),
                response -> response.statusCode() / 100 == 2);
    }

    static Map<String, Object> postable(Alert alert, String publicUrl) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", alert.labels());
        json.put("annotations", alert.annotations());
        json.put("startsAt", (alert.firedAt() != null ? alert.firedAt() : alert.activeAt()).toString());
        if (alert.resolvedAt() != null) {
            json.put("endsAt", alert.resolvedAt().toString());
        }
        json.put("generatorURL", WeirLinks.objectUrl(publicUrl, alert));
        return json;
    }
}
