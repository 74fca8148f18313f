package io.weir.sources;

import io.weir.core.SourceKind;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured sources, built once from {@code weir.sources.*} in name order by the
 * {@link SourceFactory} of each kind, plus the sources a kind adds when none of it is configured
 * ({@link SourceFactory#unconfigured()}). Building a source connects to nothing (see
 * {@link BrokerSource}); a configuration mistake fails start-up with the key to fix. Each source
 * of a kind that can browse messages also gets its {@link MessageBrowser}.
 */
@ApplicationScoped
public class SourceRegistry {

    private final List<BrokerSource> sources;
    private final Map<String, MessageBrowser> browsers;

    @Inject
    SourceRegistry(SourcesConfig config, Instance<SourceFactory> factories) {
        this(build(config, byKind(factories)), factories);
    }

    private SourceRegistry(List<BrokerSource> sources, Iterable<SourceFactory> factories) {
        this(sources, browsers(sources, byKind(factories)));
    }

    /** A registry of sources built elsewhere, without message browsers, for tests and tools. */
    public SourceRegistry(List<BrokerSource> sources) {
        this(sources, Map.of());
    }

    /** A registry of sources and the message browsers of some of them (by source name), built elsewhere. */
    public SourceRegistry(List<BrokerSource> sources, Map<String, MessageBrowser> browsers) {
        this.sources = List.copyOf(sources);
        this.browsers = Map.copyOf(browsers);
    }

    private static Map<String, MessageBrowser> browsers(List<BrokerSource> sources, Map<SourceKind, SourceFactory> factories) {
        Map<String, MessageBrowser> browsers = new HashMap<>();
        for (BrokerSource source : sources) {
            SourceFactory factory = factories.get(source.kind());
            if (factory != null) {
                factory.messageBrowser(source.settings()).ifPresent(browser -> browsers.put(source.name(), browser));
            }
        }
        return browsers;
    }

    private static Map<SourceKind, SourceFactory> byKind(Iterable<SourceFactory> factories) {
        Map<SourceKind, SourceFactory> byKind = new EnumMap<>(SourceKind.class);
        factories.forEach(factory -> byKind.put(factory.kind(), factory));
        return byKind;
    }

    private static List<BrokerSource> build(SourcesConfig config, Map<SourceKind, SourceFactory> factories) {
        List<BrokerSource> all = new ArrayList<>(config.all().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> {
                    SourceSettings settings = SourceSettings.from(entry.getKey(), entry.getValue());
                    SourceFactory factory = factories.get(settings.kind());
                    if (factory == null) {
                        throw new IllegalStateException("no source factory for weir.sources." + entry.getKey()
                                + ".kind=" + settings.kind().configName());
                    }
                    return factory.create(settings);
                })
                .toList());
        factories.values().forEach(factory -> {
            if (all.stream().noneMatch(source -> source.kind() == factory.kind())) {
                factory.unconfigured().ifPresent(all::add);
            }
        });
        all.sort(Comparator.comparing(BrokerSource::name));
        return all;
    }

    /** Every configured source, sorted by name. */
    public List<BrokerSource> sources() {
        return sources;
    }

    /** The message browser of the named source; empty for unknown sources and kinds that cannot browse. */
    public Optional<MessageBrowser> messageBrowser(String source) {
        return Optional.ofNullable(browsers.get(source));
    }

    @PreDestroy
    void close() {
        sources.forEach(BrokerSource::close);
        browsers.values().forEach(MessageBrowser::close);
    }
}
