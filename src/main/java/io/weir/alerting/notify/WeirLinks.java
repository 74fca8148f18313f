package io.weir.alerting.notify;

import io.weir.alerting.Alert;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links from a notification back to the Weir page of the alert's object, from its labels:
 * {@code group} -> the consumer group's page, {@code queue} or {@code topic} -> the queue's page,
 * otherwise the source's page, or the alerts page when there is no {@code source} label.
 */
public final class WeirLinks {

    private WeirLinks() {
    }

    public static String objectUrl(String publicUrl, Alert alert) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String source = alert.labels().get("source");
        if (source == null) {
            return base + "/";
        }
        String sourcePage = base + "/sources/" + path(source);
        String group = alert.labels().get("group");
        if (group != null) {
            return sourcePage + "/groups/" + path(group);
        }
        String queue = alert.labels().getOrDefault("queue", alert.labels().get("topic"));
        if (queue != null) {
            return sourcePage + "/queue?name=" + URLEncoder.encode(queue, StandardCharsets.UTF_8);
        }
        return sourcePage;
    }

    /** The object the alert is about, for people: "group billing", "queue orders", or null. */
    public static String objectName(Alert alert) {
        for (String kind : new String[] {"group", "queue", "topic", "node"}) {
            String name = alert.labels().get(kind);
            if (name != null) {
                return kind + " " + name;
            }
        }
        return null;
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
