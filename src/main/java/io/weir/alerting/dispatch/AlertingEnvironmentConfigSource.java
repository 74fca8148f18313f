package io.weir.alerting.dispatch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Lets receivers, routes and inhibition rules be configured by environment variables alone:
 * {@code WEIR_ALERTING_RECEIVERS_OPS_SLACK_URL} becomes {@code weir.alerting.receivers.ops-slack.url},
 * {@code WEIR_ALERTING_ROUTES_DEFAULT_GROUP_WAIT} becomes {@code weir.alerting.routes.default.group-wait}.
 * The names are not known in advance and may contain underscores, so the known key suffixes tell
 * where a name ends; it is lower-cased and its underscores become hyphens.
 */
public class AlertingEnvironmentConfigSource implements ConfigSource {

    private static final Map<String, List<String>> KEYS_BY_SECTION = Map.of(
            "RECEIVERS", List.of("TYPE", "URL", "ROUTING_KEY", "TIMEOUT"),
            "ROUTES", List.of("RECEIVER", "MATCHERS", "GROUP_BY", "GROUP_WAIT", "GROUP_INTERVAL", "REPEAT_INTERVAL",
                    "CONTINUE"),
            "INHIBIT_RULES", List.of("SOURCE_MATCHERS", "TARGET_MATCHERS", "EQUAL"));

    private final Map<String, String> properties;

    public AlertingEnvironmentConfigSource() {
        this(System.getenv());
    }

    AlertingEnvironmentConfigSource(Map<String, String> environment) {
        Map<String, String> mapped = new HashMap<>();
        environment.forEach((variable, value) -> {
            String key = translate(variable);
            if (key != null) {
                mapped.put(key, value);
            }
        });
        properties = Map.copyOf(mapped);
    }

    /** The property for an environment variable, or {@code null} when it is not one of these sections. */
    static String translate(String variable) {
        for (var section : KEYS_BY_SECTION.entrySet()) {
            String prefix = "WEIR_ALERTING_" + section.getKey() + "_";
            if (!variable.startsWith(prefix)) {
                continue;
            }
            String rest = variable.substring(prefix.length());
            for (String key : section.getValue()) {
                if (rest.endsWith("_" + key) && rest.length() > key.length() + 1) {
                    return "weir.alerting." + dotted(section.getKey()) + "." + dotted(rest.substring(0, rest.length() - key.length() - 1))
                            + "." + dotted(key);
                }
            }
        }
        return null;
    }

    private static String dotted(String part) {
        return part.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "weir-alerting-environment";
    }

    @Override
    public int getOrdinal() {
        return 300; // as other environment variables: above config/application.properties
    }
}
