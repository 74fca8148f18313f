package io.weir.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Receivers, routes and inhibition rules configured by environment variables alone. */
class AlertingEnvironmentConfigSourceTest {

    @Test
    void namesWithUnderscoresBecomeHyphenatedAndKnownKeysEndThem() {
        var source = new AlertingEnvironmentConfigSource(Map.of(
                "WEIR_ALERTING_RECEIVERS_TEAM_SLACK_URL", "https://hooks.slack.com/x",
                "WEIR_ALERTING_RECEIVERS_ON_CALL_ROUTING_KEY", "key",
                "WEIR_ALERTING_ROUTES_10_CRITICAL_REPEAT_INTERVAL", "1h",
                "WEIR_ALERTING_ROUTES_DEFAULT_CONTINUE", "true",
                "WEIR_ALERTING_INHIBIT_RULES_SOURCE_DOWN_EQUAL", "source",
                "WEIR_ALERTING_RECEIVERS_TEAM_SLACK_COLOUR", "ignored",
                "PATH", "/usr/bin"));

        assertThat(source.getProperties()).containsOnly(
                Map.entry("weir.alerting.receivers.team-slack.url", "https://hooks.slack.com/x"),
                Map.entry("weir.alerting.receivers.on-call.routing-key", "key"),
                Map.entry("weir.alerting.routes.10-critical.repeat-interval", "1h"),
                Map.entry("weir.alerting.routes.default.continue", "true"),
                Map.entry("weir.alerting.inhibit-rules.source-down.equal", "source"));
    }
}
