package io.weir.sources.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health checks against a local HTTP server playing a RabbitMQ version that lacks some
 * checks and fails others, which the shared healthy node cannot show.
 */
class RabbitHealthChecksTest {

    private static final String PREFIX = "/api/health/checks/";

    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private HttpServer server;
    private RabbitHealthChecks checks;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, exchange -> {
            String check = exchange.getRequestURI().getPath().substring(PREFIX.length());
            calls.merge(check, 1, Integer::sum);
            int status = switch (check) {
                case "alarms", "virtual-hosts" -> 200;
                case "local-alarms", "port-listener/5672" -> 503;
                default -> 404;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        checks = new RabbitHealthChecks(new ManagementApi(
                RabbitMqFixture.settings(url, Optional.empty(), Duration.ofSeconds(2))));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void passingAndFailingChecksAreRecordedByName() throws Exception {
        Map<String, Boolean> results = checks.run(List.of(5672));

        assertThat(results).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alarms", true, "virtual-hosts", true, "local-alarms", false, "port-listener/5672", false));
    }

    @Test
    void checksTheServerLacksAreLeftOutAndNotAskedForAgain() throws Exception {
        checks.run(List.of(5672));
        Map<String, Boolean> second = checks.run(List.of(5672));

        assertThat(second).doesNotContainKey("node-is-quorum-critical");
        assertThat(calls).containsEntry("node-is-quorum-critical", 1).containsEntry("alarms", 2);
    }
}
