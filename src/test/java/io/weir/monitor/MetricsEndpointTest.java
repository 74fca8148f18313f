package io.weir.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics} and {@code /q/health} are public, and the metrics are valid Prometheus text. */
@QuarkusTest
class MetricsEndpointTest {

    @Test
    void metricsArePublicValidPrometheusTextWithSourceSeries() throws Exception {
        String metrics = awaitMetricsContaining("weir_source_up{kind=\"kafka\",source=\"kafka\"} 1.0");
        assertThat(metrics.replace(",}", "}"))
                .contains("weir_source_up{kind=\"rabbitmq\",source=\"locked-out\"} 0.0")
                .contains("# TYPE weir_source_poll_duration_seconds summary")
                .contains("weir_source_poll_duration_seconds_count{kind=\"rabbitmq\",source=\"rabbit\"}");
        PromtoolResult check = promtoolCheckMetrics(metrics);
        assertThat(check.exitCode()).as("promtool check metrics said: " + check.output()).isZero();
    }

    @Test
    void readinessCoversTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200);
        String body = given().get("/q/health/ready").asString();
        assertThat(body).contains("Database connections health check").contains("\"status\": \"UP\"");
    }

    private static String awaitMetricsContaining(String line) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String metrics = "";
        while (Instant.now().isBefore(deadline)) {
            metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
            // The exposition format allows a trailing comma after the last label; compare without it.
            if (metrics.replace(",}", "}").contains(line)) {
                return metrics;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("metrics never contained " + line + ":\n" + metrics);
    }

    private record PromtoolResult(int exitCode, String output) {
    }

    private static PromtoolResult promtoolCheckMetrics(String metrics) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
            promtool.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return new PromtoolResult(promtool.exitValue(), output);
    }
}
