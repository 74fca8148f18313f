package io.weir.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The properties files the chart renders from values (sources, receivers, routes; credentials in the
 * Secret's file) are read by the packaged Weir the way the Deployment wires them
 * (QUARKUS_CONFIG_LOCATIONS): both sources come up against the real Kafka and RabbitMQ, the
 * RabbitMQ one only with the password that is in the Secret's file alone.
 */
class ChartConfigurationIT {

    @Test
    void weirReadsTheSourcesAndCredentialsTheChartRenders(@TempDir Path dir) throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "Kafka");
        TestServices.requireReachable("127.0.0.1", 15672, "RabbitMQ management");
        HelmChartTest.Rendered rendered = HelmChartTest.render(template -> template
                .set("sources.chart-kafka.kind", "kafka")
                .set("sources.chart-kafka.bootstrap-servers", TestServices.KAFKA_BOOTSTRAP)
                .set("sources.chart-kafka.poll-interval", "2s")
                // A busy machine answered the first poll in more than the default 5 s.
                .set("sources.chart-kafka.timeout", "30s")
                .set("sources.chart-kafka.properties.client\\.id", "weir-chart-it")
                .set("sources.chart-rabbit.kind", "rabbitmq")
                .set("sources.chart-rabbit.management-url", TestServices.RABBITMQ_MANAGEMENT_URL)
                .set("sources.chart-rabbit.username", TestServices.RABBITMQ_USER)
                .set("sources.chart-rabbit.password", TestServices.RABBITMQ_PASSWORD)
                .set("sources.chart-rabbit.poll-interval", "2s")
                .set("sources.chart-rabbit.timeout", "30s")
                .set("receivers.chart-hook.type", "webhook")
                .set("receivers.chart-hook.url", "http://127.0.0.1:9/hook")
                .set("routes.default.receiver", "chart-hook"));
        Map<String, Object> configMap = rendered.named("ConfigMap", "weir-properties");
        Map<String, Object> secret = rendered.named("Secret", "weir-properties");
        Path config = dir.resolve("config/weir.properties");
        Path secretFile = dir.resolve("secret/weir.properties");
        Files.createDirectories(config.getParent());
        Files.createDirectories(secretFile.getParent());
        Files.writeString(config, (String) ((Map<?, ?>) configMap.get("data")).get("weir.properties"));
        Files.write(secretFile, Base64.getDecoder().decode((String) ((Map<?, ?>) secret.get("data")).get("weir.properties")));
        assertThat(Files.readString(config)).doesNotContain("password=");

        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_CONFIG_LOCATIONS", config + "," + secretFile);
        environment.put("WEIR_ADMIN_PASSWORD", "chart-it-password");
        try (WeirProcess weir = WeirProcess.start(dir.resolve("weir"), environment)) {
            JsonNode sources = awaitBothUp(weir);
            assertThat(sources.findValuesAsText("name")).contains("chart-kafka", "chart-rabbit");
        }
    }

    private static JsonNode awaitBothUp(WeirProcess weir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString("admin:chart-it-password".getBytes(StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode sources = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + "/api/v1/sources"))
                    .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
            sources = new ObjectMapper().readTree(response.body());
            if (state(sources, "chart-kafka").equals("up") && state(sources, "chart-rabbit").equals("up")) {
                return sources;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("chart-kafka and chart-rabbit not both up within 30 s: " + sources);
    }

    private static String state(JsonNode sources, String name) {
        for (JsonNode source : sources) {
            if (name.equals(source.path("name").asText())) {
                return source.path("state").asText();
            }
        }
        return "absent";
    }
}
