package io.weir.sources;

import io.weir.core.SourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One source's validated settings. {@link #toString()} leaves secrets out, so the object can be
 * logged; {@link #address()} is what the UI and API may show.
 */
public record SourceSettings(
        String name,
        SourceKind kind,
        String address,
        Optional<String> username,
        Optional<String> password,
        Optional<String> vhost,
        Duration pollInterval,
        Duration timeout,
        Map<String, String> clientProperties,
        List<String> deadLetterPatterns,
        boolean partitionMetrics,
        int lagTimestampReads) {

    /** Names of dead-letter topics by common convention (Spring Kafka's {@code .DLT}, {@code -dlq}, ...). */
    public static final List<String> DEFAULT_DEAD_LETTER_PATTERNS = List.of("*.DLT", "*-dlq", "*.dlq", "dlq.*");

    /** Default of {@code lag-timestamp-reads}: messages read per poll for their timestamps. */
    public static final int DEFAULT_LAG_TIMESTAMP_READS = 200;

    /** Settings without per-partition metrics, with the default read budget for lag timestamps. */
    public SourceSettings(String name, SourceKind kind, String address, Optional<String> username,
            Optional<String> password, Optional<String> vhost, Duration pollInterval, Duration timeout,
            Map<String, String> clientProperties, List<String> deadLetterPatterns) {
        this(name, kind, address, username, password, vhost, pollInterval, timeout, clientProperties,
                deadLetterPatterns, false, DEFAULT_LAG_TIMESTAMP_READS);
    }

    /** The same settings with another read budget for lag timestamps. */
    public SourceSettings withLagTimestampReads(int reads) {
        return new SourceSettings(name, kind, address, username, password, vhost, pollInterval, timeout,
                clientProperties, deadLetterPatterns, partitionMetrics, reads);
    }

    public SourceSettings {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("weir.sources." + name + ".poll-interval must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("weir.sources." + name + ".timeout must be positive");
        }
        if (lagTimestampReads < 0) {
            throw new IllegalArgumentException("weir.sources." + name + ".lag-timestamp-reads must not be negative");
        }
        clientProperties = Map.copyOf(clientProperties);
        deadLetterPatterns = List.copyOf(deadLetterPatterns);
    }

    /** These settings with another address, e.g. where a source without a network address keeps its data. */
    public SourceSettings withAddress(String address) {
        return new SourceSettings(name, kind, address, username, password, vhost, pollInterval, timeout, clientProperties,
                deadLetterPatterns, partitionMetrics, lagTimestampReads);
    }

    /** Validates one configured source: each kind requires its address. */
    static SourceSettings from(String name, SourcesConfig.Source config) {
        String address = switch (config.kind()) {
            case KAFKA -> required(name, "bootstrap-servers", config.bootstrapServers());
            case RABBITMQ -> stripTrailingSlash(required(name, "management-url", config.managementUrl()));
            case BUILTIN -> "embedded";
        };
        return new SourceSettings(name, config.kind(), address, config.username(), config.password(),
                config.vhost(), config.pollInterval(), config.timeout(), config.properties(),
                deadLetterPatterns(config.deadLetterPatterns()), config.partitionMetrics(),
                config.lagTimestampReads());
    }

    private static List<String> deadLetterPatterns(Optional<List<String>> configured) {
        return configured.map(patterns -> patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList())
                .orElse(DEFAULT_DEAD_LETTER_PATTERNS);
    }

    private static String required(String name, String key, Optional<String> value) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "weir.sources." + name + "." + key + " is required for this kind of source"));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "SourceSettings[name=" + name + ", kind=" + kind.configName() + ", address=" + address
                + ", pollInterval=" + pollInterval + ", timeout=" + timeout
                + (partitionMetrics ? ", partitionMetrics=true" : "") + "]";
    }
}
