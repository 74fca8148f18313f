package io.weir.sources;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Lets sources be configured by environment variables alone, as containers need:
 * {@code WEIR_SOURCES_PROD_EU_BOOTSTRAP_SERVERS} becomes {@code weir.sources.prod-eu.bootstrap-servers}.
 * The generic environment mapping cannot do this, because a source's name is not known in advance
 * and may itself contain underscores; the known key suffixes tell where the name ends. The name is
 * lower-cased and its underscores become hyphens. Client properties are
 * {@code WEIR_SOURCES_<NAME>_PROPERTIES_SECURITY_PROTOCOL} -> {@code properties."security.protocol"}.
 */
public class SourceEnvironmentConfigSource implements ConfigSource {

    private static final String PREFIX = "WEIR_SOURCES_";
    private static final String PROPERTIES = "_PROPERTIES_";
    private static final List<String> KEYS = List.of("KIND", "BOOTSTRAP_SERVERS", "MANAGEMENT_URL", "USERNAME",
            "PASSWORD", "VHOST", "POLL_INTERVAL", "TIMEOUT", "DEAD_LETTER_PATTERNS");

    private final Map<String, String> properties;

    public SourceEnvironmentConfigSource() {
        this(System.getenv());
    }

    SourceEnvironmentConfigSource(Map<String, String> environment) {
        Map<String, String> mapped = new HashMap<>();
        environment.forEach((name, value) -> {
            String key = translate(name);
            if (key != null) {
                mapped.put(key, value);
            }
        });
        this.properties = Map.copyOf(mapped);
    }

    /** The dotted property name for an environment variable, or {@code null} if it is not a source key. */
    static String translate(String variable) {
        if (!variable.startsWith(PREFIX)) {
            return null;
        }
        String rest = variable.substring(PREFIX.length());
        int properties = rest.indexOf(PROPERTIES);
        if (properties > 0) {
            String clientKey = rest.substring(properties + PROPERTIES.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            return "weir.sources." + sourceName(rest.substring(0, properties)) + ".properties.\"" + clientKey + "\"";
        }
        for (String key : KEYS) {
            if (rest.endsWith("_" + key) && rest.length() > key.length() + 1) {
                String name = rest.substring(0, rest.length() - key.length() - 1);
                return "weir.sources." + sourceName(name) + "." + key.toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }
        return null;
    }

    private static String sourceName(String variablePart) {
        return variablePart.toLowerCase(Locale.ROOT).replace('_', '-');
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
        return "weir-sources-environment";
    }

    @Override
    public int getOrdinal() {
        // The same weight as other environment variables: above config/application.properties.
        return 300;
    }
}
