package io.weir.sources;

import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.sources.builtin.BuiltinSource;
import io.weir.sources.kafka.KafkaSource;
import io.weir.sources.rabbitmq.RabbitMqSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.weir.core.SourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured sources, built once from {@code weir.sources.*} in name order. Building a source
 * connects to nothing (see {@link BrokerSource}); a configuration mistake fails start-up with the
 * key to fix.
 */
@ApplicationScoped
public class SourceRegistry {

    /** The name of the source added for the built-in broker when none is configured. */
    public static final String BUILTIN_NAME = "builtin";

    private final List<BrokerSource> sources;

    @Inject
    SourceRegistry(SourcesConfig config, EmbeddedBroker embedded) {
        this(withBuiltIn(config.all().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> create(SourceSettings.from(entry.getKey(), entry.getValue()), embedded))
                .toList(), embedded));
    }

    /**
     * The built-in broker is watched like any other broker: when this process runs it and no
     * source of kind {@code builtin} is configured, a source named {@code builtin} is added.
     */
    private static List<BrokerSource> withBuiltIn(List<BrokerSource> configured, EmbeddedBroker embedded) {
        if (!embedded.enabled() || configured.stream().anyMatch(source -> source.kind() == SourceKind.BUILTIN)) {
            return configured;
        }
        List<BrokerSource> all = new ArrayList<>(configured);
        all.add(new BuiltinSource(new SourceSettings(BUILTIN_NAME, SourceKind.BUILTIN, "embedded", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(),
                SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS), embedded::broker, embedded.directory()));
        all.sort(Comparator.comparing(BrokerSource::name));
        return all;
    }

    /** A registry of sources built elsewhere, for tests and tools. */
    public SourceRegistry(List<BrokerSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Every configured source, sorted by name. */
    public List<BrokerSource> sources() {
        return sources;
    }

    private static BrokerSource create(SourceSettings settings, EmbeddedBroker embedded) {
        return switch (settings.kind()) {
            case KAFKA -> new KafkaSource(settings);
            case RABBITMQ -> new RabbitMqSource(settings);
            case BUILTIN -> new BuiltinSource(settings, embedded::broker, embedded.directory());
        };
    }

    @PreDestroy
    void close() {
        sources.forEach(BrokerSource::close);
    }
}
