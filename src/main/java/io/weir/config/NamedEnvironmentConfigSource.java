package io.weir.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Environment variables for sections of named entries, as containers need them:
 * {@code WEIR_SOURCES_PROD_EU_BOOTSTRAP_SERVERS} for {@code weir.sources.prod-eu.bootstrap-servers}.
 * The generic environment mapping cannot do this, because an entry's name is not known in advance
 * and may itself contain underscores; the known key suffixes tell where the name ends. Names are
 * lower-cased and their underscores become hyphens.
 */
public abstract class NamedEnvironmentConfigSource implements ConfigSource {

    private final String name;
    private final Map<String, String> properties;

    /** {@code translate} gives the property of an environment variable, or null for the others. */
    protected NamedEnvironmentConfigSource(String name, Map<String, String> environment, UnaryOperator<String> translate) {
        this.name = name;
        Map<String, String> mapped = new HashMap<>();
        environment.forEach((variable, value) -> {
            String key = translate.apply(variable);
            if (key != null) {
                mapped.put(key, value);
            }
        });
        this.properties = Map.copyOf(mapped);
    }

    /**
     * {@code "<name>.<key>"} for the part of a variable after its section prefix, e.g. {@code PROD_EU_POLL_INTERVAL}
     * with key {@code POLL_INTERVAL} gives {@code prod-eu.poll-interval}; null when no key ends it.
     */
    protected static String nameAndKey(String rest, List<String> keys) {
        for (String key : keys) {
            if (rest.endsWith("_" + key) && rest.length() > key.length() + 1) {
                return dotted(rest.substring(0, rest.length() - key.length() - 1)) + "." + dotted(key);
            }
        }
        return null;
    }

    /** An environment variable's part as it reads in a property name: {@code PROD_EU} is {@code prod-eu}. */
    protected static String dotted(String part) {
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
        return name;
    }

    @Override
    public int getOrdinal() {
        // The same weight as other environment variables: above config/application.properties.
        return 300;
    }
}
