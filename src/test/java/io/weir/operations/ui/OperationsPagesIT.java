package io.weir.operations.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.Browser;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The packaged app in headless Chromium: an operator rewinds a stopped built-in group from its
 * page through the offset-reset wizard (preview, confirm, read-back), then finds the reset in the
 * Audit page with an intact chain. Screenshots of each step are kept under target/screenshots.
 */
class OperationsPagesIT {

    private static final String PASSWORD = "operations-pages-password";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anOperatorRewindsAStoppedGroupWithAPreviewAndFindsItInTheAuditLog() throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_SOURCES_BUILTIN_KIND", "builtin", "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s"));
                Browser browser = new Browser()) {
            post(weir, "/topics", "{\"name\": \"orders\", \"partitions\": 1}", 201);
            post(weir, "/topics/orders/messages", "{\"messages\": [" + "{\"value\": \"order\"},".repeat(9)
                    + "{\"value\": \"order\"}]}", 200);
            post(weir, "/topics/orders/groups", "{\"name\": \"billing\", \"mode\": \"ordered\"}", 201);
            post(weir, "/topics/orders/groups/billing/fetch?consumer=worker-1&max=6", "", 200);
            post(weir, "/topics/orders/groups/billing/commit?consumer=worker-1", "{\"offsets\": {\"0\": 6}}", 204);
            delete(weir, "/topics/orders/groups/billing/members/worker-1");

            browser.signIn(weir.baseUrl(), "admin", PASSWORD);
            WebDriver driver = browser.driver();
            driver.get(weir.baseUrl() + "/sources/builtin/groups/billing");
            browser.await("the reset link", WAIT, d -> !d.findElements(By.id("group-reset-offsets")).isEmpty());
            driver.findElement(By.id("group-reset-offsets")).click();
            browser.await("the wizard", WAIT, d -> !d.findElements(By.id("reset-preview")).isEmpty());

            // The default: back by 1h. Every message is newer, so the group goes back to 0.
            driver.findElement(By.id("reset-preview")).click();
            browser.await("the plan", WAIT, d -> text(d, "#reset-plan-grid").contains("re-reads 6"));
            assertThat(text(driver, "#reset-message")).contains("1 of 1 partitions move", "re-reads 6");
            browser.screenshot("operations-reset-plan");
            assertThat(committed(weir)).as("nothing changes on preview").isEqualTo(6);

            driver.findElement(By.id("reset-apply")).click();
            browser.await("the confirmation", WAIT, d -> !d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay")).isEmpty());
            browser.screenshot("operations-reset-confirm");
            driver.findElement(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']")).click();
            browser.await("the read-back", WAIT, d -> text(d, "#reset-result").contains("every offset is as planned"));
            browser.screenshot("operations-reset-applied");
            assertThat(committed(weir)).isZero();

            driver.get(weir.baseUrl() + "/audit");
            browser.await("the audit entries", WAIT, d -> text(d, "#audit-grid").contains("offset-reset.apply"));
            assertThat(text(driver, "#audit-grid")).contains("admin", "UI", "group billing", "offset-reset.preview");
            driver.findElement(By.id("audit-verify")).click();
            browser.await("the chain verified", WAIT, d -> text(d, "#audit-chain").contains("intact"));
            browser.screenshot("operations-audit");
        }
    }

    @Test
    void anOperatorReplaysOneFailureCauseFromTheDeadLetterPageAndWatchesTheJobFinish() throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_SOURCES_BUILTIN_KIND", "builtin", "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s"));
                Browser browser = new Browser()) {
            post(weir, "/topics", "{\"name\": \"jobs\", \"partitions\": 2}", 201);
            post(weir, "/topics/jobs/groups", "{\"name\": \"workers\", \"mode\": \"shared\", \"config\": {\"maxAttempts\": 1}}", 201);
            post(weir, "/topics/jobs/messages", "{\"messages\": [" + "{\"value\": \"resize\"},".repeat(11)
                    + "{\"value\": \"resize\"}]}", 200);
            int nacked = 0;
            while (nacked < 12) {
                for (JsonNode delivery : post(weir, "/topics/jobs/groups/workers/receive?consumer=w1&max=12&wait=2s", "", 200)
                        .get("deliveries")) {
                    String reason = nacked % 3 == 0 ? "timeout after " + (30 + nacked) + " s" : "image " + nacked + " too large";
                    post(weir, "/topics/jobs/groups/workers/nack", "{\"receipts\": [\"" + delivery.get("receipt").asText()
                            + "\"], \"reason\": \"" + reason + "\"}", 200);
                    nacked++;
                }
            }

            browser.signIn(weir.baseUrl(), "admin", PASSWORD);
            WebDriver driver = browser.driver();
            driver.get(weir.baseUrl() + "/sources/builtin/queue?name=jobs.workers.dlq");
            browser.await("the dead-letter link", WAIT, d -> d.findElements(By.id("dead-letters-link")).stream()
                    .anyMatch(e -> e.isDisplayed()));
            driver.findElement(By.id("dead-letters-link")).click();
            browser.await("the causes", WAIT, d -> text(d, "#dead-letters-summary").contains("2 causes"));
            assertThat(text(driver, "#dead-letters-causes")).contains("image # too large", "timeout after # s", "jobs");
            browser.screenshot("replay-dead-letter-causes");

            driver.findElements(By.cssSelector("#dead-letters-causes vaadin-button")).stream()
                    .filter(b -> b.getText().equals("Replay 8…")).findFirst().orElseThrow().click();
            browser.await("the wizard", WAIT, d -> !d.findElements(By.id("replay-preview-button")).isEmpty());
            driver.findElement(By.id("replay-preview-button")).click();
            browser.await("the preview", WAIT, d -> text(d, "#replay-preview").contains("8 of 12 messages would be replayed to jobs"));
            browser.screenshot("replay-preview");
            driver.findElement(By.id("replay-apply")).click();
            browser.await("the confirmation", WAIT, d -> !d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay")).isEmpty());
            driver.findElement(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']")).click();
            browser.await("the job finished", WAIT, d -> text(d, "#replay-state").contains("FINISHED"));
            assertThat(text(driver, "#replay-progress")).contains("12 of 12 messages", "8 replayed", "4 not selected");
            browser.await("the ledger", WAIT, d -> text(d, "#replay-ledger").contains("replayed"));
            browser.screenshot("replay-job");

            // From the message browser: one chosen dead letter, previewed as exactly that one.
            driver.get(weir.baseUrl() + "/sources/builtin/messages?queue=jobs.workers.dlq");
            browser.await("the search button", WAIT, d -> !d.findElements(By.id("browse-search")).isEmpty());
            driver.findElement(By.id("browse-search")).click();
            browser.await("the messages", WAIT, d -> d.findElements(By.cssSelector("#messages-grid vaadin-checkbox")).size() > 2);
            driver.findElements(By.cssSelector("#messages-grid vaadin-checkbox")).get(1).click();
            browser.await("one selected", WAIT, d -> text(d, "#browse-replay-selected").contains("Replay 1 selected"));
            driver.findElement(By.id("browse-replay-selected")).click();
            browser.await("the wizard", WAIT, d -> !d.findElements(By.id("replay-preview-button")).isEmpty());
            driver.findElement(By.id("replay-preview-button")).click();
            browser.await("the preview of one", WAIT, d -> text(d, "#replay-preview").contains("1 of 12 messages would be replayed"));
            browser.screenshot("replay-selected-preview");

            driver.get(weir.baseUrl() + "/replays");
            browser.await("the job listed", WAIT, d -> text(d, "#replays-grid").contains("jobs.workers.dlq"));
            browser.screenshot("replays");
            driver.get(weir.baseUrl() + "/audit");
            browser.await("the replay audited", WAIT, d -> text(d, "#audit-grid").contains("replay.end"));
            assertThat(text(driver, "#audit-grid")).contains("replay.preview", "replay.start");
        }
    }

    private int committed(WeirProcess weir) throws Exception {
        HttpResponse<String> response = http.send(request(weir, "/topics/orders/groups/billing").build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).at("/partitions/0/committed").asInt();
    }

    private JsonNode post(WeirProcess weir, String path, String body, int status) throws Exception {
        HttpResponse<String> response = http.send(request(weir, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private void delete(WeirProcess weir, String path) throws Exception {
        HttpResponse<String> response = http.send(request(weir, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("DELETE %s: %s", path, response.body()).isEqualTo(204);
    }

    private static HttpRequest.Builder request(WeirProcess weir, String path) {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/api/broker/v1" + path))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(15));
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
