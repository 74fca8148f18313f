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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
    private final Map<SourceKind, SourceFactory> factories;
    private final Set<String> readOnly;
    private final Map<String, MessageBrowser> browsers;
    private final Map<String, BrowsePolicy> browsePolicies;
    /** Built on first use, closed with the registry. */
    private final Map<String, Optional<GroupOffsets>> groupOffsets = new ConcurrentHashMap<>();
    private final Map<String, Optional<DeadLetterMover>> movers = new ConcurrentHashMap<>();
    /** Built on first use, closed with the registry. */
    private final Map<String, Optional<QueuePurger>> purgers = new ConcurrentHashMap<>();
    private final Map<String, Optional<QueuePeek>> peeks = new ConcurrentHashMap<>();

    @Inject
    SourceRegistry(SourcesConfig config, Instance<SourceFactory> factories) {
        this(build(config, byKind(factories)), byKind(factories), config.all().entrySet().stream()
                .filter(entry -> entry.getValue().readOnly()).map(Map.Entry::getKey).collect(Collectors.toSet()),
                config.all().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        entry -> BrowsePolicy.from(entry.getKey(), entry.getValue()))));
    }

    private SourceRegistry(List<BrokerSource> sources, Map<SourceKind, SourceFactory> factories, Set<String> readOnly,
            Map<String, BrowsePolicy> browsePolicies) {
        this(sources, factories, readOnly, browsers(sources, factories), browsePolicies);
    }

    /** A registry of sources built elsewhere, without message browsers, for tests and tools: none can be changed. */
    public SourceRegistry(List<BrokerSource> sources) {
        this(sources, Map.of());
    }

    /** A registry of sources and the message browsers of some of them (by source name), built elsewhere. */
    public SourceRegistry(List<BrokerSource> sources, Map<String, MessageBrowser> browsers) {
        this(sources, Map.of(), Set.of(), browsers, Map.of());
    }

    private SourceRegistry(List<BrokerSource> sources, Map<SourceKind, SourceFactory> factories, Set<String> readOnly,
            Map<String, MessageBrowser> browsers, Map<String, BrowsePolicy> browsePolicies) {
        this.sources = List.copyOf(sources);
        this.factories = Map.copyOf(factories);
        this.readOnly = Set.copyOf(readOnly);
        this.browsers = Map.copyOf(browsers);
        this.browsePolicies = Map.copyOf(browsePolicies);
    }

    /** This registry with another browse policy for one source, for tests and tools. */
    public SourceRegistry withBrowsePolicy(String source, BrowsePolicy policy) {
        Map<String, BrowsePolicy> policies = new HashMap<>(browsePolicies);
        policies.put(source, policy);
        return new SourceRegistry(sources, factories, readOnly, browsers, policies);
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

    /** The source of that name, if one is configured. */
    public Optional<BrokerSource> source(String name) {
        return sources.stream().filter(source -> source.name().equals(name)).findFirst();
    }

    /** True when the source is configured with {@code read-only=true}: Weir changes nothing on it. */
    public boolean readOnly(String name) {
        return readOnly.contains(name);
    }

    /**
     * The write side of the source's groups, empty when the source is unknown or its kind has no
     * group offsets. Ignores {@link #readOnly}: the operations layer refuses changes itself, so it
     * can still preview them.
     */
    public Optional<GroupOffsets> groupOffsets(String name) {
        return source(name).flatMap(source -> groupOffsets.computeIfAbsent(name, n -> Optional
                .ofNullable(factories.get(source.kind())).flatMap(factory -> factory.groupOffsets(source.settings()))));
    }

    /**
     * The write side of dead-letter replay of the named source, empty for unknown sources and kinds
     * without one. Ignores {@link #readOnly}, as {@link #groupOffsets} does.
     */
    public Optional<DeadLetterMover> deadLetterMover(String name) {
        return source(name).flatMap(source -> movers.computeIfAbsent(name, n -> Optional
                .ofNullable(factories.get(source.kind())).flatMap(factory -> factory.deadLetterMover(source.settings()))));
    }

    /** The saved filters and payload visibility of the named source; {@link BrowsePolicy#OPEN} when none are configured. */
    public BrowsePolicy browsePolicy(String source) {
        return browsePolicies.getOrDefault(source, BrowsePolicy.OPEN);
    }

    /**
     * The write side that empties the source's topics or queues; empty when the source is unknown
     * or its kind cannot purge. Ignores {@link #readOnly}: the operations layer refuses changes
     * itself, so it can still preview them.
     */
    public Optional<QueuePurger> queuePurger(String name) {
        return source(name).flatMap(source -> purgers.computeIfAbsent(name, n -> Optional
                .ofNullable(factories.get(source.kind())).flatMap(factory -> factory.queuePurger(source.settings()))));
    }

    /** The queue peek of the named source; empty for unknown sources and kinds that browse instead (or cannot). */
    public Optional<QueuePeek> queuePeek(String name) {
        return source(name).flatMap(source -> peeks.computeIfAbsent(name, n -> Optional
                .ofNullable(factories.get(source.kind())).flatMap(factory -> factory.queuePeek(source.settings()))));
    }

    /** The message browser of the named source; empty for unknown sources and kinds that cannot browse. */
    public Optional<MessageBrowser> messageBrowser(String source) {
        return Optional.ofNullable(browsers.get(source));
    }

    @PreDestroy
    void close() {
        sources.forEach(BrokerSource::close);
        groupOffsets.values().forEach(offsets -> offsets.ifPresent(GroupOffsets::close));
        purgers.values().forEach(purger -> purger.ifPresent(QueuePurger::close));
        browsers.values().forEach(MessageBrowser::close);
        movers.values().forEach(mover -> mover.ifPresent(DeadLetterMover::close));
    }
}
