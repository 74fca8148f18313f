package io.weir.alerting.notify;

import static io.weir.alerting.AlertFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.alerting.Alert;
import io.weir.alerting.notify.alertmanager.AlertmanagerNotifier;
import io.weir.testing.HttpReceiver;
import io.weir.testing.TestServices;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alertmanager notifier against a real Alertmanager (Debian's 0.25), started for this test. */
class AlertmanagerReceiverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static Process alertmanager;
    private static String baseUrl;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        if (!new File(TestServices.ALERTMANAGER).canExecute()) {
            throw new AssertionError("Alertmanager is missing: run .ci/services up (it installs prometheus-alertmanager)");
        }
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(TestServices.ALERTMANAGER, "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        HttpReceiver.await("Alertmanager ready at " + baseUrl, Duration.ofSeconds(20), () -> status(baseUrl + "/-/ready") == 200);
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor();
        }
    }

    @Test
    void alertmanagerTakesFiringAlertsAndEndsResolvedOnes() throws Exception {
        AlertmanagerNotifier notifier = new AlertmanagerNotifier(
                new JsonPost(CLIENT, URI.create(baseUrl + "/api/v2/alerts"), Duration.ofSeconds(5)));
        Alert firing = alert("ConsumerStopped").label("source", "kafka").label("group", "billing")
                .annotation("summary", "Group billing stopped consuming").since(Instant.now().minusSeconds(60)).firing();

        assertThat(notifier.send(notification(firing))).isInstanceOf(SendResult.Delivered.class);
        JsonNode alerts = JSON.readTree(get(baseUrl + "/api/v2/alerts"));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.at("/0/labels/alertname").asText()).isEqualTo("ConsumerStopped");
        assertThat(alerts.at("/0/labels/group").asText()).isEqualTo("billing");
        assertThat(alerts.at("/0/annotations/summary").asText()).isEqualTo("Group billing stopped consuming");
        assertThat(alerts.at("/0/status/state").asText()).isEqualTo("active");
        assertThat(alerts.at("/0/generatorURL").asText()).isEqualTo("http://weir.test/sources/kafka/groups/billing");

        Alert resolved = alert("ConsumerStopped").label("source", "kafka").label("group", "billing")
                .since(Instant.now().minusSeconds(60)).resolved(Instant.now().minusSeconds(1));
        assertThat(notifier.send(notification(resolved))).isInstanceOf(SendResult.Delivered.class);
        HttpReceiver.await("the alert resolved in Alertmanager", Duration.ofSeconds(5),
                () -> get(baseUrl + "/api/v2/alerts").equals("[]"));
    }

    private static Notification notification(Alert alert) {
        return new Notification("am", "default/am:{}", new TreeMap<>(Map.of()), List.of(alert), "http://weir.test", Instant.now());
    }

    private static String get(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body().trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int status(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
