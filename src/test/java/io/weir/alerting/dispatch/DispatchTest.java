package io.weir.alerting.dispatch;

import static io.weir.alerting.AlertFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertBatch;
import io.weir.alerting.notify.Receivers;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import jakarta.enterprise.event.Event;
import io.weir.cluster.Leadership;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher and the outbox inside Weir with the real database, fed the way the rule engine
 * feeds them (AlertBatch events), delivering to a real local HTTP receiver that fails in every way
 * a receiver fails. Each test uses its own alert names, so tests do not see each other's requests.
 */
@QuarkusTest
@TestProfile(NotificationsTestProfile.class)
class DispatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpReceiver receiver;

    @Inject
    Event<AlertBatch> batches;
    @Inject
    Router router;
    @Inject
    Inhibitor inhibitor;
    @Inject
    Silences silences;
    @Inject
    Outbox outbox;
    @Inject
    OutboxConfig outboxConfig;
    @Inject
    OutboxSender sender;
    @Inject
    Receivers receivers;
    @Inject
    MeterRegistry registry;
    @Inject
    Leadership leadership;
    @ConfigProperty(name = "weir.alerting.receivers.hook.url")
    String hookUrl;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startReceiver() throws IOException {
        if (receiver == null) {
            receiver = new HttpReceiver(URI.create(hookUrl).getPort(), Answer.of(200, "ok"));
        }
        receiver.answerByDefault(Answer.of(200, "ok"));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private void evaluate(Alert... alerts) {
        batches.fire(new AlertBatch("test-group", Instant.now(), List.of(alerts)));
    }

    /** Webhook requests naming {@code alertname}, as parsed JSON. */
    private List<JsonNode> hooks(String alertname) {
        return receiver.requests().stream().filter(r -> r.path().equals("/hook"))
                .map(r -> parse(r.body()))
                .filter(body -> body.get("alerts").findValuesAsText("alertname").contains(alertname))
                .toList();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double counted(String receiverName, String outcome) {
        var counter = registry.find("weir.notifications").tags("receiver", receiverName, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<OutboxEntry> entries(String alertname) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.<OutboxEntry>list("summary like ?1 order by id",
                "%" + alertname + "%"));
    }

    @Test
    void firingAlertRepeatedEveryEvaluationIsNotifiedOnceAndItsResolutionOnce() throws Exception {
        String name = "Repeated" + run;
        Alert firing = alert(name).label("source", "kafka").firing();
        for (int i = 0; i < 12; i++) {
            evaluate(firing);
            Thread.sleep(200);
        }
        HttpReceiver.await("the firing notification", Duration.ofSeconds(20), () -> hooks(name).size() == 1);
        assertThat(hooks(name).get(0).get("status").asText()).isEqualTo("firing");

        evaluate(alert(name).label("source", "kafka").resolved(Instant.now()));
        HttpReceiver.await("the resolved notification", Duration.ofSeconds(20), () -> hooks(name).size() == 2);
        evaluate(alert(name).label("source", "kafka").resolved(Instant.now()));
        Thread.sleep(1500);
        assertThat(hooks(name)).hasSize(2);
        assertThat(hooks(name).get(1).get("status").asText()).isEqualTo("resolved");
        assertThat(hooks(name).get(1).at("/alerts/0/status").asText()).isEqualTo("resolved");
    }

    @Test
    void outboxRetriesServerErrorTooManyRequestsAndTimeoutThenKeepsBadRequestAsFailed() throws Exception {
        String name = "Flaky" + run;
        double retriedBefore = counted("hook", "retried");
        double failedBefore = counted("hook", "failed");
        receiver.script(Answer.of(500, "internal error"), Answer.of(429, "slow down").withHeader("Retry-After", "2"),
                Answer.of(200, "too late").after(Duration.ofMillis(1500)));
        evaluate(alert(name).firing());

        HttpReceiver.await("delivery after three failures", Duration.ofSeconds(15),
                () -> entries(name).size() == 1 && entries(name).get(0).status == OutboxEntry.Status.DELIVERED);
        OutboxEntry delivered = entries(name).get(0);
        assertThat(delivered.attempts).isEqualTo(4);
        assertThat(delivered.lastAnswer).isEqualTo("200 ok");
        List<HttpReceiver.Request> tries = receiver.requests().stream().filter(r -> r.body().contains(name)).toList();
        assertThat(tries).hasSize(4);
        assertThat(Duration.between(tries.get(1).at(), tries.get(2).at())).as("honours Retry-After: 2")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(counted("hook", "retried") - retriedBefore).isEqualTo(3);

        String refused = "Refused" + run;
        receiver.script(Answer.of(400, "{\"error\":\"bad payload\"}"));
        evaluate(alert(refused).firing());
        HttpReceiver.await("the permanent failure", Duration.ofSeconds(20),
                () -> entries(refused).size() == 1 && entries(refused).get(0).status == OutboxEntry.Status.FAILED);
        Thread.sleep(1000);
        assertThat(entries(refused).get(0).attempts).isEqualTo(1);
        assertThat(entries(refused).get(0).lastAnswer).isEqualTo("400 {\"error\":\"bad payload\"}");
        assertThat(hooks(refused)).hasSize(1);
        assertThat(counted("hook", "failed") - failedBefore).isEqualTo(1);
    }

    @Test
    void receiverDownForTwentySecondsGetsEveryNotificationOnceAfterItReturns() throws Exception {
        List<String> names = List.of("DownA" + run, "DownB" + run, "DownC" + run, "DownD" + run, "DownE" + run);
        receiver.stop();
        try {
            for (String name : names) {
                evaluate(alert(name).label("team", "chat").firing());
            }
            Instant downSince = Instant.now();
            HttpReceiver.await("five pending notifications", Duration.ofSeconds(20),
                    () -> registry.get("weir.notification.outbox.size").gauge().value() >= 5);
            Thread.sleep(Math.max(0, Duration.ofSeconds(20).minus(Duration.between(downSince, Instant.now())).toMillis()));
            for (String name : names) {
                assertThat(entries(name)).singleElement().satisfies(e -> {
                    assertThat(e.status).isEqualTo(OutboxEntry.Status.PENDING);
                    assertThat(e.attempts).isGreaterThan(3);
                    assertThat(e.lastAnswer).contains("ConnectException");
                });
            }
        } finally {
            receiver.start();
        }
        HttpReceiver.await("every notification after the receiver returned", Duration.ofSeconds(20),
                () -> names.stream().allMatch(n -> entries(n).get(0).status == OutboxEntry.Status.DELIVERED));
        for (String name : names) {
            assertThat(receiver.requests().stream().filter(r -> r.path().equals("/slack") && r.body().contains(name))).hasSize(1);
        }
    }

    @Test
    void restartedDispatcherAndSenderNeitherLoseNorRepeatNotifications() throws Exception {
        String name = "Restart" + run;
        Alert firing = alert(name).label("source", "kafka").firing();
        Instant now = Instant.now().minusSeconds(10); // the steps below happen within the last 10 s
        Dispatcher before = newDispatcher();
        before.accept(new AlertBatch("test-group", now, List.of(firing)));
        before.flushDue(now.plusSeconds(1));
        HttpReceiver.await("the first notification", Duration.ofSeconds(20), () -> hooks(name).size() == 1);

        // Weir restarts: a new dispatcher, with empty groups, over the same database.
        Dispatcher restarted = newDispatcher();
        restarted.accept(new AlertBatch("test-group", now.plusSeconds(2), List.of(firing)));
        restarted.flushDue(now.plusSeconds(3));
        restarted.accept(new AlertBatch("test-group", now.plusSeconds(3), List.of(firing)));
        restarted.flushDue(now.plusSeconds(4));
        assertThat(entries(name)).hasSize(1);

        // The sender stops while the receiver is down; a new one delivers what the old one left.
        sender.stop();
        receiver.stop();
        OutboxSender newSender = new OutboxSender(outbox, receivers, outboxConfig, registry, leadership);
        try {
            restarted.accept(new AlertBatch("test-group", now.plusSeconds(5), List.of(alert(name).label("source", "kafka").resolved(now))));
            restarted.flushDue(now.plusSeconds(6));
            assertThat(entries(name)).hasSize(2);
            assertThat(entries(name).get(1).status).isEqualTo(OutboxEntry.Status.PENDING);
            receiver.start();
            newSender.start();
            HttpReceiver.await("the resolved notification from the new sender", Duration.ofSeconds(20), () -> hooks(name).size() == 2);
            Thread.sleep(1000);
            assertThat(hooks(name)).hasSize(2);
            assertThat(hooks(name).get(1).get("status").asText()).isEqualTo("resolved");
        } finally {
            newSender.stop();
            sender.start();
        }
    }

    /** A dispatcher as Weir creates one at start, driven by the test instead of its own thread. */
    private Dispatcher newDispatcher() {
        return new Dispatcher(router, inhibitor, silences, outbox, leadership, "http://weir.test:8080", outboxConfig);
    }

    @Test
    void silencedAlertIsNotNotifiedUntilTheSilenceExpires() throws Exception {
        String name = "Silenced" + run;
        Silence silence = silences.create("alertname=\"" + name + "\"", Instant.now(), Instant.now().plusSeconds(3600),
                "test", "maintenance");
        for (int i = 0; i < 8; i++) {
            evaluate(alert(name).firing());
            Thread.sleep(200);
        }
        assertThat(hooks(name)).isEmpty();
        assertThat(entries(name)).isEmpty();

        silences.expire(silence.id);
        evaluate(alert(name).firing());
        HttpReceiver.await("the notification once the silence expired", Duration.ofSeconds(20), () -> hooks(name).size() == 1);
    }

    @Test
    void sourceDownInhibitsTheOtherAlertsOfThatSourceOnly() throws Exception {
        String down = "WeirSourceDown";
        String stopped = "Stopped" + run;
        String source = "src-" + run;
        for (int i = 0; i < 6; i++) {
            evaluate(alert(down).label("source", source).firing(),
                    alert(stopped).label("source", source).label("group", "billing").firing(),
                    alert(stopped).label("source", "other-" + run).label("group", "billing").firing());
            Thread.sleep(200);
        }
        HttpReceiver.await("the source-down and the other source's notifications", Duration.ofSeconds(20),
                () -> hooks(down).stream().anyMatch(h -> h.toString().contains(source)) && hooks(stopped).size() == 1);
        Thread.sleep(1000);
        List<JsonNode> stoppedHooks = hooks(stopped);
        assertThat(stoppedHooks).hasSize(1);
        assertThat(stoppedHooks.get(0).get("alerts")).hasSize(1);
        assertThat(stoppedHooks.get(0).at("/alerts/0/labels/source").asText()).isEqualTo("other-" + run);
    }

    @Test
    void historyPruningKeepsPendingNotificationsAndRecentOnes() throws Exception {
        String name = "Pruned" + run;
        evaluate(alert(name).firing());
        HttpReceiver.await("the delivery", Duration.ofSeconds(20),
                () -> entries(name).size() == 1 && entries(name).get(0).status == OutboxEntry.Status.DELIVERED);

        outbox.prune(Instant.now().minusSeconds(3600));
        assertThat(entries(name)).hasSize(1);
        outbox.prune(Instant.now().plusSeconds(1));
        assertThat(entries(name)).isEmpty();

        String waiting = "PrunedPending" + run;
        receiver.stop();
        try {
            evaluate(alert(waiting).firing());
            HttpReceiver.await("a failed attempt", Duration.ofSeconds(20),
                    () -> entries(waiting).size() == 1 && entries(waiting).get(0).attempts > 0);
            outbox.prune(Instant.now().plusSeconds(1));
            assertThat(entries(waiting)).singleElement().extracting(e -> e.status).isEqualTo(OutboxEntry.Status.PENDING);
        } finally {
            receiver.start();
        }
        HttpReceiver.await("the delivery once the receiver is back", Duration.ofSeconds(20),
                () -> entries(waiting).get(0).status == OutboxEntry.Status.DELIVERED);
    }
}
