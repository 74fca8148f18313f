package io.weir.alerting.notify.slack;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.notify.JsonPost;
import io.weir.alerting.notify.Notification;
import io.weir.alerting.notify.Notifier;
import io.weir.alerting.notify.SendResult;
import io.weir.alerting.notify.WeirLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook: {@code text} (the fallback shown in notifications) and
 * {@code blocks}, one section per alert with severity, source, object, value, since when, summary
 * and a link to the object's Weir page. Slack answers {@code 200 ok} when it took the message, and
 * only that counts as delivered. Relative times ("22 min ago") are computed when the message is
 * sent, from {@code clock}: a notification can wait in the outbox while Slack is down.
 */
public class SlackNotifier implements Notifier {

    /** Slack refuses a message of more than 50 blocks; two are headers and footers. */
    static final int MAX_ALERT_BLOCKS = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final JsonPost post;
    private final Clock clock;

    public SlackNotifier(JsonPost post, Clock clock) {
        this.post = post;
        this.clock = clock;
    }

    @Override
    public SendResult send(Notification notification) {
        return post.send(message(notification), response -> response.statusCode() == 200 && "ok".equals(response.body().trim()));
    }

    Map<String, Object> message(Notification notification) {
        List<Alert> alerts = notification.alerts();
        Instant now = clock.instant();
        List<Object> blocks = new ArrayList<>();
        blocks.add(section("*" + notification.summary() + "*"));
        for (Alert alert : alerts.subList(0, Math.min(alerts.size(), MAX_ALERT_BLOCKS))) {
            blocks.add(section(describe(alert, notification.externalUrl(), now)));
        }
        if (alerts.size() > MAX_ALERT_BLOCKS) {
            blocks.add(section("…and " + (alerts.size() - MAX_ALERT_BLOCKS) + " more alerts."));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", notification.summary());
        message.put("blocks", blocks);
        return message;
    }

    private static String describe(Alert alert, String publicUrl, Instant now) {
        boolean firing = alert.state() == AlertState.FIRING;
        StringBuilder text = new StringBuilder();
        text.append(firing ? ":red_circle: *FIRING*" : ":large_green_circle: *RESOLVED*")
                .append(" · *").append(escape(alert.labels().getOrDefault("severity", "no severity"))).append("* · ")
                .append(escape(alert.name())).append('\n');
        String summary = alert.annotations().get("summary");
        if (summary != null) {
            text.append(escape(summary)).append('\n');
        }
        text.append("*Source:* ").append(escape(alert.labels().getOrDefault("source", "–")));
        String object = WeirLinks.objectName(alert);
        if (object != null) {
            text.append("   *Object:* ").append(escape(object));
        }
        text.append("   *Value:* ").append(value(alert.value())).append('\n');
        Instant since = alert.firedAt() != null ? alert.firedAt() : alert.activeAt();
        text.append("*Since:* ").append(TIME.format(since)).append(" (").append(ago(since, now)).append(')');
        if (!firing && alert.resolvedAt() != null) {
            text.append("   *Resolved:* ").append(TIME.format(alert.resolvedAt()));
        }
        text.append('\n').append('<').append(WeirLinks.objectUrl(publicUrl, alert)).append("|Open in Weir>");
        String runbook = alert.annotations().get("runbook");
        if (runbook != null) {
            text.append("\n*Runbook:* ").append(escape(runbook));
        }
        return text.length() > 2900 ? text.substring(0, 2900) + "…" : text.toString();
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", markdown));
    }

    static String value(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String ago(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h " + d.toMinutesPart() + " min ago";
        }
        return d.toDays() + " d ago";
    }

    /** Slack's three control characters in message text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
