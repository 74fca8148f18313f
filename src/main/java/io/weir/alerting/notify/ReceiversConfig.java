package io.weir.alerting.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Receivers: {@code weir.alerting.receivers.<name>.<key>}, or environment variables such as
 * {@code WEIR_ALERTING_RECEIVERS_OPS_SLACK_URL}. Never log or show this object: URLs and routing
 * keys are secrets.
 */
@ConfigMapping(prefix = "weir.alerting.receivers")
public interface ReceiversConfig {

    @WithParentName
    Map<String, Receiver> all();

    interface Receiver {
        /** {@code slack}, {@code pagerduty}, {@code webhook} or {@code alertmanager}. */
        ReceiverType type();

        /**
         * Slack: the incoming webhook URL; webhook: the URL to post to; alertmanager: its base URL
         * ({@code /api/v2/alerts} is added); pagerduty: the Events API v2 endpoint.
         */
        Optional<String> url();

        /** PagerDuty: the integration's routing key. */
        Optional<String> routingKey();

        /** Longest one delivery attempt may take. */
        @WithDefault("10s")
        Duration timeout();
    }

    enum ReceiverType {
        SLACK, PAGERDUTY, WEBHOOK, ALERTMANAGER
    }
}
