package io.weir.monitor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.WeirProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The purge dialog of the packaged app in headless Chromium, on a built-in broker topic: an admin
 * sees what will go and can purge only after typing the name exactly; an operator gets no Purge
 * button. Screenshots go to target/screenshots.
 */
class PurgeDialogIT {

    private static final String PASSWORD = "purge-dialog-password";
    private static final String OPERATOR_HASH = "$2a$10$/x/bUcuqq5.W23C0YIEBFeLbqG0QqeUZe02LrTAbHtA6ARu.0iSDO";
    private static final String TOPIC = "purge-orders";
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void anAdminPurgesOnlyAfterTypingTheNameAndAnOperatorCannot() throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_SOURCES_BUILTIN_KIND", "builtin", "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s",
                "WEIR_USERS_OTTO_PASSWORD_HASH", OPERATOR_HASH, "WEIR_USERS_OTTO_ROLE", "operator"));
                Browser browser = new Browser()) {
            broker(weir).body(Map.of("name", TOPIC, "partitions", 2)).post("/api/broker/v1/topics").then().statusCode(201);
            broker(weir).body(Map.of("messages", IntStream.range(0, 12).mapToObj(i -> Map.of("value", "order " + i)).toList()))
                    .post("/api/broker/v1/topics/" + TOPIC + "/messages").then().statusCode(200);

            browser.signIn(weir.baseUrl(), "admin", PASSWORD);
            WebDriver driver = browser.driver();
            driver.get(weir.baseUrl() + "/sources/builtin/queue?name=" + TOPIC);
            browser.await("the purge button", WAIT, d -> !d.findElements(By.id("purge-open")).isEmpty()
                    && d.findElement(By.id("purge-open")).isDisplayed());
            driver.findElement(By.id("purge-open")).click();
            browser.await("the purge dialog", WAIT, d -> text(d, "#purge-consequence").contains("12 messages"));
            assertThat(text(driver, "#purge-consequence")).contains("cannot be undone", "consumers", "will never get them");
            assertThat(enabled(driver)).isFalse();
            driver.findElement(By.cssSelector("#purge-confirm-name input")).sendKeys("purge-order");
            browser.await("the name typed", WAIT, d -> value(d).equals("purge-order"));
            assertThat(enabled(driver)).isFalse();
            driver.findElement(By.cssSelector("#purge-confirm-name input")).sendKeys("s");
            browser.await("the red button enabled", WAIT, PurgeDialogIT::enabled);
            browser.screenshot("dialog-purge-confirmed");
            driver.findElement(By.id("purge-apply")).click();
            browser.await("the outcome", WAIT, d -> text(d, "#purge-outcome").contains("12 message(s) removed"));
            browser.screenshot("dialog-purge-done");
            assertThat(broker(weir).get("/api/v1/audit?action=purge.apply&object=" + TOPIC).then().statusCode(200)
                    .extract().jsonPath().getList("channel", String.class)).containsExactly("UI");
            assertThat(broker(weir).get("/api/broker/v1/topics/" + TOPIC).then().extract().jsonPath()
                    .getList("partitions.messages", Long.class)).isEqualTo(List.of(0L, 0L));

            driver.manage().deleteAllCookies();
            browser.signIn(weir.baseUrl(), "otto", "operator-password");
            driver.get(weir.baseUrl() + "/sources/builtin/queue?name=" + TOPIC);
            browser.await("the queue page", WAIT, d -> !d.findElements(By.id("browse-messages")).isEmpty());
            assertThat(driver.findElements(By.id("purge-open")).stream().noneMatch(e -> e.isDisplayed())).isTrue();
        }
    }

    private static boolean enabled(WebDriver driver) {
        return driver.findElements(By.id("purge-apply")).stream().anyMatch(b -> b.isEnabled() && b.getAttribute("disabled") == null);
    }

    private static String value(WebDriver driver) {
        return driver.findElement(By.cssSelector("#purge-confirm-name input")).getAttribute("value");
    }

    private static RequestSpecification broker(WeirProcess weir) {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic("admin", PASSWORD)
                .contentType(ContentType.JSON);
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
