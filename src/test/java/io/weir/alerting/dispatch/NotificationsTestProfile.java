package io.weir.alerting.dispatch;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Four receivers, one of each type, all served by one local HTTP receiver (started by the test on
 * {@link #PORT}), routed by the alerts' {@code team} label, with short group and retry timings so
 * the tests run in seconds.
 */
public class NotificationsTestProfile implements QuarkusTestProfile {

    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        String base = "http://127.0.0.1:" + PORT;
        Map<String, String> config = new HashMap<>();
        config.put("weir.public-url", "http://weir.test:8080");
        receiver(config, "chat", "slack", base + "/slack");
        receiver(config, "pager", "pagerduty", base + "/v2/enqueue");
        config.put("weir.alerting.receivers.pager.routing-key", "test-routing-key");
        receiver(config, "hook", "webhook", base + "/hook");
        receiver(config, "am", "alertmanager", base);
        for (String team : new String[] {"chat", "pager", "am"}) {
            config.put("weir.alerting.routes." + team + ".receiver", team);
            config.put("weir.alerting.routes." + team + ".matchers", "team=\"" + team + "\"");
            timings(config, team);
        }
        config.put("weir.alerting.routes.default.receiver", "hook");
        timings(config, "default");
        config.put("weir.alerting.outbox.retry-initial", "200ms");
        config.put("weir.alerting.outbox.retry-max", "3s");
        return config;
    }

    private static void receiver(Map<String, String> config, String name, String type, String url) {
        config.put("weir.alerting.receivers." + name + ".type", type);
        config.put("weir.alerting.receivers." + name + ".url", url);
        config.put("weir.alerting.receivers." + name + ".timeout", "1s");
    }

    private static void timings(Map<String, String> config, String route) {
        config.put("weir.alerting.routes." + route + ".group-wait", "200ms");
        config.put("weir.alerting.routes." + route + ".group-interval", "500ms");
        config.put("weir.alerting.routes." + route + ".repeat-interval", "1h");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
