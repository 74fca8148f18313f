package io.weir.alerting.notify;

import static io.weir.alerting.AlertFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.alerting.Alert;
import io.weir.alerting.notify.alertmanager.AlertmanagerNotifier;
import io.weir.alerting.notify.pagerduty.PagerDutyNotifier;
import io.weir.alerting.notify.slack.SlackNotifier;
import io.weir.alerting.notify.webhook.WebhookNotifier;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each notifier against a real local HTTP server: the request body checked field by field against
 * the channel's documented format, and each kind of answer classified.
 */
class NotifierPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIR = "http://weir.example:8080";
    private static final Instant NOW = Instant.parse("2026-11-28T10:30:00Z");
    private static final Clock AT_NOW = Clock.fixed(NOW, ZoneOffset.UTC);

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpReceiver receiver;

    private final Alert stopped = alert("ConsumerStopped").label("source", "kafka").label("group", "billing")
            .label("severity", "critical").annotation("summary", "Group billing stopped consuming")
            .annotation("runbook", "Check the consumers' logs").annotation("runbook_url", "https://runbooks.example/stopped")
            .value(1234).firing();
    private final Alert backlog = alert("BacklogGrowing").label("source", "rabbit").label("queue", "emails")
            .label("severity", "warning").value(0.5).firing();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new HttpReceiver(Answer.of(200, "ok"));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private JsonPost post(String path, Duration timeout) {
        return new JsonPost(client, URI.create(receiver.url(path)), timeout);
    }

    private static Notification notification(Alert... alerts) {
        return new Notification("ops", "default/ops:{alertname=\"ConsumerStopped\"}",
                new TreeMap<>(Map.of("alertname", "ConsumerStopped")), List.of(alerts), WEIR, NOW);
    }

    private JsonNode lastBody() throws Exception {
        List<HttpReceiver.Request> requests = receiver.requests();
        HttpReceiver.Request last = requests.get(requests.size() - 1);
        assertThat(last.method()).isEqualTo("POST");
        assertThat(last.contentType()).isEqualTo("application/json");
        return JSON.readTree(last.body());
    }

    @Test
    void slackMessageIsReadableWithSeveritySourceObjectValueSinceAndLink() throws Exception {
        SendResult result = new SlackNotifier(post("/services/T0/B0/x", Duration.ofSeconds(2)), AT_NOW).send(notification(stopped, backlog));

        assertThat(result).isInstanceOf(SendResult.Delivered.class);
        JsonNode body = lastBody();
        assertThat(body.get("text").asText()).isEqualTo("[FIRING: 2] ConsumerStopped, BacklogGrowing");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks).hasSize(3);
        for (JsonNode block : blocks) {
            assertThat(block.get("type").asText()).isEqualTo("section");
            assertThat(block.at("/text/type").asText()).isEqualTo("mrkdwn");
        }
        String first = blocks.get(1).at("/text/text").asText();
        assertThat(first).contains("*FIRING*", "*critical*", "ConsumerStopped", "Group billing stopped consuming",
                "*Source:* kafka", "*Object:* group billing", "*Value:* 1234", "*Since:* 2026-11-28 10:00 UTC (30 min ago)",
                "<http://weir.example:8080/sources/kafka/groups/billing|Open in Weir>", "*Runbook:* Check the consumers' logs");
        assertThat(blocks.get(2).at("/text/text").asText()).contains("*warning*", "*Object:* queue emails", "*Value:* 0.500",
                "<http://weir.example:8080/sources/rabbit/queue?name=emails|Open in Weir>");
    }

    @Test
    void slackSaysHowLongAgoWhenTheMessageIsSentNotWhenItWasQueued() throws Exception {
        // Queued at 10:30 just as the alert fired; Slack was down until 10:52.
        Alert justFired = alert("ConsumerStopped").label("source", "kafka").label("group", "billing").since(NOW).firing();
        new SlackNotifier(post("/slack", Duration.ofSeconds(2)), Clock.fixed(NOW.plus(Duration.ofMinutes(22)), ZoneOffset.UTC))
                .send(notification(justFired));

        assertThat(lastBody().at("/blocks/1/text/text").asText()).contains("*Since:* 2026-11-28 10:30 UTC (22 min ago)");
    }

    @Test
    void slackResolvedMessageSaysResolved() throws Exception {
        Alert resolved = alert("ConsumerStopped").label("source", "kafka").label("group", "billing").resolved(NOW);
        new SlackNotifier(post("/slack", Duration.ofSeconds(2)), AT_NOW).send(notification(resolved));

        JsonNode body = lastBody();
        assertThat(body.get("text").asText()).isEqualTo("[RESOLVED: 1] ConsumerStopped");
        assertThat(body.at("/blocks/1/text/text").asText()).contains("*RESOLVED*", "*Resolved:* 2026-11-28 10:30 UTC");
    }

    @Test
    void slackCountsOnlyTwoHundredOkAsDelivered() {
        SlackNotifier slack = new SlackNotifier(post("/slack", Duration.ofSeconds(2)), AT_NOW);
        receiver.script(Answer.of(200, "something else"), Answer.of(404, "no_service"), Answer.of(500, "oops"));

        assertThat(slack.send(notification(stopped))).isInstanceOf(SendResult.Permanent.class);
        SendResult notFound = slack.send(notification(stopped));
        assertThat(notFound).isInstanceOf(SendResult.Permanent.class);
        assertThat(notFound.answer()).isEqualTo("404 no_service");
        assertThat(slack.send(notification(stopped))).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void pagerDutyTriggersAndResolvesWithTheSameDedupKey() throws Exception {
        receiver.answerByDefault(Answer.of(202, "{\"status\":\"success\",\"message\":\"Event processed\"}"));
        PagerDutyNotifier pagerDuty = new PagerDutyNotifier(post("/v2/enqueue", Duration.ofSeconds(2)), "R0UT1NGKEY");

        assertThat(pagerDuty.send(notification(stopped))).isInstanceOf(SendResult.Delivered.class);
        JsonNode trigger = lastBody();
        assertThat(receiver.requests().get(0).path()).isEqualTo("/v2/enqueue");
        assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        String dedupKey = trigger.get("dedup_key").asText();
        assertThat(dedupKey).matches("[0-9a-f]{16}");
        JsonNode payload = trigger.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo("Group billing stopped consuming");
        assertThat(payload.get("source").asText()).isEqualTo("kafka");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(payload.get("component").asText()).isEqualTo("group billing");
        assertThat(payload.get("class").asText()).isEqualTo("ConsumerStopped");
        assertThat(payload.at("/custom_details/value").asDouble()).isEqualTo(1234);
        assertThat(payload.at("/custom_details/labels/group").asText()).isEqualTo("billing");
        assertThat(payload.at("/custom_details/annotations/runbook").asText()).isEqualTo("Check the consumers' logs");
        assertThat(trigger.at("/links/0/href").asText()).isEqualTo(WEIR + "/sources/kafka/groups/billing");
        assertThat(trigger.at("/links/1/href").asText()).isEqualTo("https://runbooks.example/stopped");

        Alert resolved = alert("ConsumerStopped").label("source", "kafka").label("group", "billing")
                .label("severity", "critical").resolved(NOW);
        pagerDuty.send(notification(resolved));
        JsonNode resolve = lastBody();
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedupKey);
        assertThat(resolve.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
    }

    @Test
    void pagerDutyCountsOnlyTwoHundredTwoAsDeliveredAndKeepsItsAnswer() {
        PagerDutyNotifier pagerDuty = new PagerDutyNotifier(post("/v2/enqueue", Duration.ofSeconds(2)), "bad");
        receiver.script(Answer.of(200, "{}"), Answer.of(400,
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect\"]}"));

        assertThat(pagerDuty.send(notification(stopped))).isInstanceOf(SendResult.Permanent.class);
        SendResult invalid = pagerDuty.send(notification(stopped));
        assertThat(invalid).isInstanceOf(SendResult.Permanent.class);
        assertThat(invalid.answer()).startsWith("400 ").contains("Length of 'routing_key' is incorrect");
    }

    @Test
    void pagerDutySeverityMapsToItsFourLevels() {
        assertThat(PagerDutyNotifier.severity("critical")).isEqualTo("critical");
        assertThat(PagerDutyNotifier.severity("error")).isEqualTo("error");
        assertThat(PagerDutyNotifier.severity("Warning")).isEqualTo("warning");
        assertThat(PagerDutyNotifier.severity("info")).isEqualTo("info");
        assertThat(PagerDutyNotifier.severity(null)).isEqualTo("error");
    }

    @Test
    void webhookSendsAlertmanagerVersionFourPayload() throws Exception {
        Alert resolved = alert("ConsumerStopped").label("source", "kafka").label("group", "audit")
                .label("severity", "critical").resolved(NOW);
        new WebhookNotifier(post("/hook", Duration.ofSeconds(2))).send(notification(stopped, resolved));

        JsonNode body = lastBody();
        assertThat(body.get("version").asText()).isEqualTo("4");
        assertThat(body.get("groupKey").asText()).isEqualTo("default/ops:{alertname=\"ConsumerStopped\"}");
        assertThat(body.get("truncatedAlerts").asInt()).isZero();
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("receiver").asText()).isEqualTo("ops");
        assertThat(body.at("/groupLabels/alertname").asText()).isEqualTo("ConsumerStopped");
        assertThat(body.at("/commonLabels/source").asText()).isEqualTo("kafka");
        assertThat(body.at("/commonLabels/severity").asText()).isEqualTo("critical");
        assertThat(body.get("commonLabels").has("group")).isFalse();
        assertThat(body.get("commonAnnotations").isObject()).isTrue();
        assertThat(body.get("externalURL").asText()).isEqualTo(WEIR);
        JsonNode firing = body.at("/alerts/0");
        assertThat(firing.get("status").asText()).isEqualTo("firing");
        assertThat(firing.at("/labels/group").asText()).isEqualTo("billing");
        assertThat(firing.at("/annotations/summary").asText()).isEqualTo("Group billing stopped consuming");
        assertThat(firing.get("startsAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(firing.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(firing.get("generatorURL").asText()).isEqualTo(WEIR + "/sources/kafka/groups/billing");
        assertThat(firing.get("fingerprint").asText()).isEqualTo(AlertFingerprint.of(stopped));
        JsonNode ended = body.at("/alerts/1");
        assertThat(ended.get("status").asText()).isEqualTo("resolved");
        assertThat(ended.get("endsAt").asText()).isEqualTo("2026-11-28T10:30:00Z");
    }

    @Test
    void alertmanagerReceivesAnArrayOfPostableAlerts() throws Exception {
        Alert resolved = alert("BacklogGrowing").label("source", "rabbit").label("queue", "emails").resolved(NOW);
        SendResult result = new AlertmanagerNotifier(post("/api/v2/alerts", Duration.ofSeconds(2)))
                .send(notification(stopped, resolved));

        assertThat(result).isInstanceOf(SendResult.Delivered.class);
        assertThat(receiver.requests().get(0).path()).isEqualTo("/api/v2/alerts");
        JsonNode body = lastBody();
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(2);
        assertThat(body.at("/0/labels/alertname").asText()).isEqualTo("ConsumerStopped");
        assertThat(body.at("/0/annotations/summary").asText()).isEqualTo("Group billing stopped consuming");
        assertThat(body.at("/0/startsAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(body.get(0).has("endsAt")).isFalse();
        assertThat(body.at("/0/generatorURL").asText()).isEqualTo(WEIR + "/sources/kafka/groups/billing");
        assertThat(body.at("/1/endsAt").asText()).isEqualTo("2026-11-28T10:30:00Z");
    }

    @Test
    void serverErrorsTooManyRequestsTimeoutsAndRefusedConnectionsAreRetryable() throws Exception {
        WebhookNotifier webhook = new WebhookNotifier(post("/hook", Duration.ofMillis(500)));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(10).atZone(ZoneOffset.UTC));
        receiver.script(Answer.of(503, "busy"), Answer.of(429, "slow down").withHeader("Retry-After", "7"),
                Answer.of(429, "").withHeader("Retry-After", inTenSeconds), Answer.of(200, "late").after(Duration.ofSeconds(2)));

        SendResult unavailable = webhook.send(notification(stopped));
        assertThat(unavailable).isEqualTo(new SendResult.Retryable("503 busy", java.util.Optional.empty()));
        SendResult seconds = webhook.send(notification(stopped));
        assertThat(((SendResult.Retryable) seconds).retryAfter()).contains(Duration.ofSeconds(7));
        SendResult date = webhook.send(notification(stopped));
        assertThat(((SendResult.Retryable) date).retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(10));
        SendResult timeout = webhook.send(notification(stopped));
        assertThat(timeout).isInstanceOf(SendResult.Retryable.class);
        assertThat(timeout.answer()).startsWith("no answer within 500 ms from 127.0.0.1:");

        receiver.stop();
        SendResult refused = webhook.send(notification(stopped));
        assertThat(refused).isInstanceOf(SendResult.Retryable.class);
        assertThat(refused.answer()).startsWith("ConnectException: could not connect to 127.0.0.1:");
    }
}
