package io.weir.alerting.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes: {@code weir.alerting.routes.<name>.<key>}. Routes are tried in the order of their names;
 * the route named {@code default} is tried last and catches what no other route took.
 */
@ConfigMapping(prefix = "weir.alerting.routes")
public interface RoutesConfig {

    @WithParentName
    Map<String, RouteSettings> all();

    interface RouteSettings {
        /** The receiver the route's notifications go to. */
        String receiver();

        /** Prometheus matchers, e.g. {@code severity="critical", source=~"kafka.*"}; none matches every alert. */
        Optional<String> matchers();

        /** Labels whose values split alerts into groups; {@code ...} groups by every label (one alert a group). */
        Optional<List<String>> groupBy();

        /** How long a new group waits for more alerts before its first notification. */
        @WithDefault("30s")
        Duration groupWait();

        /** How long a group waits after a notification before notifying changes. */
        @WithDefault("5m")
        Duration groupInterval();

        /** How long before an unchanged group that still fires is notified again. */
        @WithDefault("4h")
        Duration repeatInterval();

        /** Keep trying the following routes after this one matched. */
        @WithName("continue")
        @WithDefault("false")
        boolean continueMatching();
    }
}
