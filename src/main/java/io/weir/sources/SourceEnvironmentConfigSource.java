package io.weir.sources;

import io.weir.config.NamedEnvironmentConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lets sources be configured by environment variables alone:
 * {@code WEIR_SOURCES_PROD_EU_BOOTSTRAP_SERVERS} becomes {@code weir.sources.prod-eu.bootstrap-servers},
 * and client properties {@code WEIR_SOURCES_<NAME>_PROPERTIES_SECURITY_PROTOCOL} become
 * {@code properties."security.protocol"}.
 */
public class SourceEnvironmentConfigSource extends NamedEnvironmentConfigSource {

    private static final String PREFIX = "WEIR_SOURCES_";
    private static final String PROPERTIES = "_PROPERTIES_";
    private static final List<String> KEYS = List.of("KIND", "BOOTSTRAP_SERVERS", "MANAGEMENT_URL", "USERNAME",
            "PASSWORD", "VHOST", "POLL_INTERVAL", "TIMEOUT", "DEAD_LETTER_PATTERNS", "PARTITION_METRICS",
            "PAYLOAD_VISIBILITY", "SENSITIVE_TOPICS", "DEAD_LETTER_ORIGIN_HEADER");

    public SourceEnvironmentConfigSource() {
        this(System.getenv());
    }

    SourceEnvironmentConfigSource(Map<String, String> environment) {
        super("weir-sources-environment", environment, SourceEnvironmentConfigSource::translate);
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
            return "weir.sources." + dotted(rest.substring(0, properties)) + ".properties.\"" + clientKey + "\"";
        }
        String nameAndKey = nameAndKey(rest, KEYS);
        return nameAndKey == null ? null : "weir.sources." + nameAndKey;
    }
}
