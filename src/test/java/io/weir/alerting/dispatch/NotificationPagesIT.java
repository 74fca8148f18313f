package io.weir.alerting.dispatch;

import static io.weir.alerting.AlertFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.alerting.Alert;
import io.weir.alerting.notify.Notification;
import io.weir.testing.Browser;
import io.weir.testing.HttpReceiver;
import io.weir.testing.HttpReceiver.Answer;
import io.weir.testing.WeirProcess;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The Silences and Notifications pages of the packaged app in headless Chromium, with receivers
 * configured by environment variables and served by a real local HTTP receiver. Notifications left
 * pending in the outbox while Weir was stopped are sent when it starts again, and the history shows
 * each outcome: delivered, retrying, and refused for good with the receiver's answer.
 */
class NotificationPagesIT {

    private static final String PASSWORD = "notify-pages-password";

    @TempDir
    static Path dir;
    private static HttpReceiver receiver;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        receiver = new HttpReceiver(Answer.of(200, "ok"));
        weir = WeirProcess.start(dir, Map.ofEntries(
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                Map.entry("WEIR_BROKER_ENABLED", "false"),
                Map.entry("WEIR_PUBLIC_URL", "http://weir.test:8080"),
                Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_HOOK_TYPE", "webhook"),
                Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_HOOK_URL", receiver.url("/hook")),
                Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_SLACK_TYPE", "slack"),
                Map.entry("WEIR_ALERTING_RECEIVERS_TEAM_SLACK_URL", receiver.url("/slack")),
                Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_TYPE", "pagerduty"),
                // Nothing listens on port 1: this receiver's notification is retried.
                Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_URL", "http://127.0.0.1:1/v2/enqueue"),
                Map.entry("WEIR_ALERTING_RECEIVERS_ON_CALL_ROUTING_KEY", "key"),
                Map.entry("WEIR_ALERTING_ROUTES_DEFAULT_RECEIVER", "team-hook")));
        browser = new Browser();
        browser.signIn(weir.baseUrl(), "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (weir != null) {
            weir.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void operatorCreatesAndExpiresASilence() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(weir.baseUrl() + "/silences");
        browser.await("the silences page", Duration.ofSeconds(30), d -> !d.findElements(By.id("silence-matchers")).isEmpty());
        if (!driver.findElements(By.id("silences-empty")).isEmpty() && driver.findElement(By.id("silences-empty")).isDisplayed()) {
            browser.screenshot("page-silences-empty");
        }
        driver.findElement(By.cssSelector("#silence-matchers input")).sendKeys("alertname=\"ConsumerStopped\", source=\"kafka\"");
        driver.findElement(By.cssSelector("#silence-comment input")).sendKeys("deploying billing");
        driver.findElement(By.id("silence-create")).click();
        browser.await("the active silence", Duration.ofSeconds(10),
                d -> text(d, "#silences-grid").contains("deploying billing") && text(d, "#silences-summary").startsWith("1 active"));
        assertThat(text(driver, "#silences-grid")).contains("alertname=\"ConsumerStopped\", source=\"kafka\"", "admin", "in 2 h");
        browser.screenshot("page-silences-active");

        driver.findElement(By.xpath("//vaadin-button[text()='Expire']")).click();
        browser.await("the confirmation", Duration.ofSeconds(10), d -> !d.findElements(By.id("silence-expire-confirm")).isEmpty());
        browser.await("the dialog opened", Duration.ofSeconds(5), d -> d.findElements(By.cssSelector("vaadin-dialog-overlay[opening]")).isEmpty());
        browser.screenshot("page-silences-confirm-expire");
        driver.findElement(By.id("silence-expire-confirm")).click();
        browser.await("the expired silence", Duration.ofSeconds(10), d -> text(d, "#silences-summary").startsWith("0 active")
                && text(d, "#silences-grid").contains("Expired"));
        browser.screenshot("page-silences-expired");
    }

    @Test
    void pendingNotificationsAreSentAfterRestartAndTheHistoryShowsEachOutcome() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(weir.baseUrl() + "/notifications");
        browser.await("the empty history", Duration.ofSeconds(30), d -> text(d, "#notifications-empty").contains("No notifications yet"));
        browser.screenshot("page-notifications-empty");

        weir.stop();
        receiver.answerAt("/slack", Answer.of(404, "no_service")); // the Slack workspace removed the webhook
        weir.expectLog("Receiver team-slack refused notification \\d+ for good: 404 no_service");
        Instant now = Instant.now();
        Alert stopped = alert("ConsumerStopped").label("source", "kafka").label("group", "billing").label("severity", "critical")
                .annotation("summary", "Group billing stopped consuming").value(1200).since(now.minusSeconds(300)).firing();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("weir"), "weir", "")) {
            insertPending(db, "team-hook", stopped, now);
            insertPending(db, "team-slack", stopped, now);
            insertPending(db, "on-call", stopped, now);
        }
        weir.restart();
        browser.signIn(weir.baseUrl(), "admin", PASSWORD);
        driver.get(weir.baseUrl() + "/notifications");
        browser.await("each outcome in the history", Duration.ofSeconds(30), d -> {
            String grid = text(d, "#notifications-grid");
            return grid.contains("Delivered") && grid.contains("404 no_service") && grid.contains("Failed")
                    && grid.contains("Retrying") && grid.contains("ConnectException");
        });
        assertThat(text(driver, "#notifications-grid")).contains("[FIRING: 1] ConsumerStopped", "team-hook", "team-slack", "on-call");
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/hook"))).hasSize(1);
        browser.screenshot("page-notifications-history");

        HttpURLConnection metrics = (HttpURLConnection) URI.create(weir.baseUrl() + "/q/metrics").toURL().openConnection();
        metrics.setRequestProperty("Accept", "text/plain");
        String text = new String(metrics.getInputStream().readAllBytes());
        assertThat(text).contains("weir_notifications_total{outcome=\"delivered\",receiver=\"team-hook\",} 1.0",
                "weir_notifications_total{outcome=\"failed\",receiver=\"team-slack\",} 1.0",
                "weir_notifications_total{outcome=\"retried\",receiver=\"on-call\",}", "weir_notification_outbox_size 1.0");
    }

    private static void insertPending(Connection db, String receiverName, Alert alert, Instant now) throws Exception {
        Notification notification = new Notification(receiverName, "default/" + receiverName + ":{}", new TreeMap<>(),
                List.of(alert), "http://weir.test:8080", now);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO notification_outbox (receiver, group_key, summary, "
                + "notification, status, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
            insert.setString(1, receiverName);
            insert.setString(2, notification.groupKey());
            insert.setString(3, notification.summary());
            insert.setString(4, Outbox.write(notification));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
