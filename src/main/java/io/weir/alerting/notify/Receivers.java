package io.weir.alerting.notify;

import io.weir.alerting.notify.alertmanager.AlertmanagerNotifier;
import io.weir.alerting.notify.pagerduty.PagerDutyNotifier;
import io.weir.alerting.notify.slack.SlackNotifier;
import io.weir.alerting.notify.webhook.WebhookNotifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configured receivers, each with its notifier, built once at start-up. A receiver that lacks
 * a required key stops Weir from starting with a message naming the key, rather than failing
 * later at the first alert.
 */
@ApplicationScoped
public class Receivers {

    /** PagerDuty's Events API v2 endpoint, used when a pagerduty receiver sets no {@code url}. */
    public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private final Map<String, Notifier> notifiers = new TreeMap<>();

    Receivers(ReceiversConfig config) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        config.all().forEach((name, receiver) -> notifiers.put(name, notifier(name, receiver, client)));
    }

    private static Notifier notifier(String name, ReceiversConfig.Receiver receiver, HttpClient client) {
        return switch (receiver.type()) {
            case SLACK -> new SlackNotifier(post(client, required(name, "url", receiver.url()), receiver), Clock.systemUTC());
            case WEBHOOK -> new WebhookNotifier(post(client, required(name, "url", receiver.url()), receiver));
            case ALERTMANAGER -> {
                String base = required(name, "url", receiver.url()).replaceAll("/+$", "");
                yield new AlertmanagerNotifier(post(client, base + "/api/v2/alerts", receiver));
            }
            case PAGERDUTY -> new PagerDutyNotifier(post(client, receiver.url().orElse(PAGERDUTY_EVENTS_URL), receiver),
                    required(name, "routing-key", receiver.routingKey()));
        };
    }

    private static JsonPost post(HttpClient client, String url, ReceiversConfig.Receiver receiver) {
        return new JsonPost(client, URI.create(url), receiver.timeout());
    }

    private static String required(String receiver, String key, Optional<String> value) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "receiver '" + receiver + "' needs weir.alerting.receivers." + receiver + "." + key));
    }

    public Set<String> names() {
        return notifiers.keySet();
    }

    /** The notifier of a configured receiver, or empty when none has that name (any more). */
    public Optional<Notifier> notifier(String receiver) {
        return Optional.ofNullable(notifiers.get(receiver));
    }
}
