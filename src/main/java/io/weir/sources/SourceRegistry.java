package io.weir.sources;

import io.weir.sources.kafka.KafkaSource;
import io.weir.sources.rabbitmq.RabbitMqSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The configured sources, built once from {@code weir.sources.*} in name order. Building a source
 * connects to nothing (see {@link BrokerSource}); a configuration mistake fails start-up with the
 * key to fix.
 */
@ApplicationScoped
public class SourceRegistry {

    private final List<BrokerSource> sources;

    @Inject
    SourceRegistry(SourcesConfig config) {
        this(config.all().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> create(SourceSettings.from(entry.getKey(), entry.getValue())))
                .toList());
    }

    /** A registry of sources built elsewhere, for tests and tools. */
    public SourceRegistry(List<BrokerSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Every configured source, sorted by name. */
    public List<BrokerSource> sources() {
        return sources;
    }

    private static BrokerSource create(SourceSettings settings) {
        return switch (settings.kind()) {
            case KAFKA -> new KafkaSource(settings);
            case RABBITMQ -> new RabbitMqSource(settings);
            case BUILTIN -> throw new IllegalArgumentException("weir.sources." + settings.name()
                    + ".kind=builtin: the built-in broker is not part of this version yet");
        };
    }

    @PreDestroy
    void close() {
        sources.forEach(BrokerSource::close);
    }
}
