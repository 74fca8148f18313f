package io.weir.alerting.dispatch;

import io.weir.config.NamedEnvironmentConfigSource;
import java.util.List;
import java.util.Map;

/**
 * Lets receivers, routes and inhibition rules be configured by environment variables alone:
 * {@code WEIR_ALERTING_RECEIVERS_OPS_SLACK_URL} becomes {@code weir.alerting.receivers.ops-slack.url},
 * {@code WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT} becomes {@code weir.alerting.routes.default.group-wait}.
 */
public class AlertingEnvironmentConfigSource extends NamedEnvironmentConfigSource {

    private static final Map<String, List<String>> KEYS_BY_SECTION = Map.of(
            "RECEIVERS", List.of("TYPE", "URL", "ROUTING_KEY", "TIMEOUT"),
            "ROUTES", List.of("RECEIVER", "MATCHERS", "GROUP_BY", "GROUP_WAIT", "GROUP_INTERVAL", "REPEAT_INTERVAL",
                    "CONTINUE"),
            "INHIBIT_RULES", List.of("SOURCE_MATCHERS", "TARGET_MATCHERS", "EQUAL"));

    public AlertingEnvironmentConfigSource() {
        this(System.getenv());
    }

    AlertingEnvironmentConfigSource(Map<String, String> environment) {
        super("weir-alerting-environment", environment, AlertingEnvironmentConfigSource::translate);
    }

    /** The property for an environment variable, or {@code null} when it is not one of these sections. */
    static String translate(String variable) {
        for (var section : KEYS_BY_SECTION.entrySet()) {
            String prefix = "WEIR_ALERTING_" + section.getKey() + "_";
            if (variable.startsWith(prefix)) {
                String nameAndKey = nameAndKey(variable.substring(prefix.length()), section.getValue());
                return nameAndKey == null ? null : "weir.alerting." + dotted(section.getKey()) + "." + nameAndKey;
            }
        }
        return null;
    }
}
