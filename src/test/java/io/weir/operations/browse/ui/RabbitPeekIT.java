package io.weir.operations.browse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.weir.testing.Browser;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Peeking at a RabbitMQ dead-letter queue in the packaged app: the warning is on the page, the
 * peek runs only after the confirmation, the grid shows the decoded reason and the queue keeps its
 * messages. Screenshots go to target/screenshots.
 */
class RabbitPeekIT {

    private static final String PASSWORD = "peek-page-password";
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void anAdminPeeksAfterConfirmingTheWarningAndTheQueueKeepsItsMessages() throws Exception {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "the shared RabbitMQ");
        String run = UUID.randomUUID().toString().substring(0, 6);
        String work = "peek-ui-work-" + run;
        String dlq = "peek-ui-dlq-" + run;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        try (Connection connection = factory.newConnection("weir-peek-it")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(dlq, true, false, false, Map.of());
            channel.queueDeclare(work, true, false, false, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
            try {
                for (int i = 0; i < 3; i++) {
                    // Spring AMQP's header with the consumer's error, on two of them: two causes.
                    Map<String, Object> headers = i < 2 ? Map.of("x-exception-message", "invoice " + i + " not paid") : Map.of();
                    channel.basicPublish("", work, new AMQP.BasicProperties.Builder().messageId("invoice-" + i).headers(headers)
                            .build(), ("invoice " + i).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 3; i++) {
                    GetResponse got = null;
                    while (got == null) {
                        got = channel.basicGet(work, false);
                    }
                    channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
                }
                try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD,
                        "WEIR_SOURCES_RABBIT_KIND", "rabbitmq",
                        "WEIR_SOURCES_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL,
                        "WEIR_SOURCES_RABBIT_USERNAME", TestServices.RABBITMQ_USER,
                        "WEIR_SOURCES_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD));
                        Browser browser = new Browser()) {
                    browser.signIn(weir.baseUrl(), "admin", PASSWORD);
                    WebDriver driver = browser.driver();
                    driver.get(weir.baseUrl() + "/sources/rabbit/messages?queue=%2F%2F" + dlq);
                    browser.await("the peek warning", WAIT, d -> text(d, "#peek-warning").contains("redelivered"));
                    driver.findElement(By.id("peek-button")).click();
                    browser.await("the confirmation", WAIT, d -> !d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay")).isEmpty());
                    browser.screenshot("dialog-peek-confirm");
                    assertThat(channel.messageCount(dlq)).isEqualTo(3);
                    driver.findElements(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button")).stream()
                            .filter(b -> b.getText().equals("Peek and requeue")).findFirst().orElseThrow().click();
                    browser.await("the peeked messages", WAIT, d -> text(d, "#peek-grid").contains("invoice 2"));
                    assertThat(text(driver, "#peek-grid")).contains("invoice 0 not paid", "rejected in " + work);
                    assertThat(text(driver, "#peek-outcome")).contains("Peeked 3 message(s)", "marked redelivered");
                    browser.screenshot("page-peek-dead-letters");
                    assertThat(channel.messageCount(dlq)).isEqualTo(3);

                    // One peeked message replayed alone, found again by its message ID.
                    driver.findElements(By.cssSelector("#peek-grid vaadin-grid-cell-content")).stream()
                            .filter(c -> c.getText().contains("invoice 2")).findFirst().orElseThrow().click();
                    browser.await("the detail", WAIT, d -> !d.findElements(By.id("message-replay")).isEmpty());
                    driver.findElement(By.id("message-replay")).click();
                    browser.await("the wizard", WAIT, d -> !d.findElements(By.id("replay-preview-button")).isEmpty());
                    driver.findElement(By.id("replay-preview-button")).click();
                    browser.await("the preview", WAIT, d -> d.findElement(By.id("replay-apply")).getAttribute("disabled") == null);
                    driver.findElement(By.id("replay-apply")).click();
                    browser.await("the confirmation", WAIT, d -> text(d, "vaadin-confirm-dialog-overlay").contains("Replay 1 message?"));
                    driver.findElement(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']")).click();
                    browser.await("the job finished", WAIT, d -> text(d, "#replay-state").contains("FINISHED"));
                    assertThat(channel.messageCount(work)).isEqualTo(1);
                    assertThat(channel.basicGet(work, true).getProps().getMessageId()).isEqualTo("invoice-2");
                    assertThat(channel.messageCount(dlq)).isEqualTo(2);

                    // The dead-letter page groups the queue's head by cause once asked to peek.
                    driver.get(weir.baseUrl() + "/sources/rabbit/dead-letters?queue=%2F%2F" + dlq);
                    browser.await("the count", WAIT, d -> text(d, "#dead-letters-summary").contains("2 dead letters"));
                    driver.findElement(By.id("dead-letters-peek")).click();
                    browser.await("the confirmation", WAIT, d -> text(d, "vaadin-confirm-dialog-overlay").contains("redelivered"));
                    driver.findElement(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']")).click();
                    browser.await("the causes", WAIT, d -> text(d, "#dead-letters-summary").contains("1 cause"));
                    assertThat(text(driver, "#dead-letters-causes")).contains("invoice # not paid", "2");
                    browser.screenshot("page-rabbit-dead-letter-causes");
                }
            } finally {
                channel.queueDelete(work);
                channel.queueDelete(dlq);
            }
        }
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
