package io.weir.scenarios;

import io.quarkus.runtime.ShutdownEvent;
import io.weir.broker.embedded.EmbeddedBroker;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * The four live scenarios and whether this deployment offers them. They are offered when
 * {@code weir.demo.enabled} says so or, when it is not set, when Weir runs on its embedded
 * defaults: the built-in broker runs and no Kafka or RabbitMQ source is configured. A deployment
 * that watches real brokers is taken for a production one and gets no demo load unless asked.
 */
@ApplicationScoped
public class Scenarios {

    private static final String SOURCE_KEY = "weir.sources.";

    private final boolean enabled;
    private final String offReason;
    private final String sourceName;
    private final AsyncProcessingScenario async;
    private final PeakSmoothingScenario peak;
    private final DecouplingScenario decoupling;
    private final FailuresScenario failures;

    @Inject
    Scenarios(ScenariosConfig config, EmbeddedBroker embedded, Config settings) {
        this.offReason = offReason(embedded.enabled(), config.enabled(),
                configuredSources(settings, "kafka", "rabbitmq")).orElse(null);
        this.enabled = offReason == null;
        this.sourceName = configuredSources(settings, "builtin").stream().findFirst().orElse("builtin");
        this.async = new AsyncProcessingScenario(embedded, offReason, config.async());
        this.peak = new PeakSmoothingScenario(embedded, offReason, config.peak());
        this.decoupling = new DecouplingScenario(embedded, offReason, config.decoupling());
        this.failures = new FailuresScenario(embedded, offReason, config.failures());
    }

    /**
     * Why the scenarios are off, empty when they are on: never without the built-in broker; as
     * {@code weir.demo.enabled} says when it is set; otherwise on unless an external broker is
     * configured.
     */
    static Optional<String> offReason(boolean brokerEnabled, Optional<Boolean> configured, List<String> externalSources) {
        if (!brokerEnabled) {
            return Optional.of("the built-in broker does not run in this deployment (weir.broker.enabled=false), and the"
                    + " scenarios never touch other brokers");
        }
        if (configured.isPresent()) {
            return configured.get() ? Optional.empty() : Optional.of("weir.demo.enabled=false");
        }
        return externalSources.isEmpty() ? Optional.empty() : Optional.of("this deployment watches configured brokers"
                + " (source " + String.join(", ", externalSources) + "), so demo load is off unless weir.demo.enabled=true");
    }

    /** Names of the configured sources of the given kinds, sorted. */
    private static List<String> configuredSources(Config settings, String... kinds) {
        List<String> wanted = List.of(kinds);
        return StreamSupport.stream(settings.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(SOURCE_KEY) && name.endsWith(".kind"))
                .filter(name -> settings.getOptionalValue(name, String.class)
                        .map(kind -> wanted.contains(kind.trim().toLowerCase(Locale.ROOT))).orElse(false))
                .map(name -> name.substring(SOURCE_KEY.length(), name.length() - ".kind".length()))
                .sorted().toList();
    }

    /** Whether the scenarios may be started here. */
    public boolean enabled() {
        return enabled;
    }

    /** Why they are off, in words; null when {@link #enabled}. */
    public String offReason() {
        return offReason;
    }

    /** The name under which the monitor watches the built-in broker, for the pages' charts and links. */
    public String sourceName() {
        return sourceName;
    }

    public AsyncProcessingScenario async() {
        return async;
    }

    public PeakSmoothingScenario peak() {
        return peak;
    }

    public DecouplingScenario decoupling() {
        return decoupling;
    }

    public FailuresScenario failures() {
        return failures;
    }

    public List<Scenario> all() {
        return List.of(async, decoupling, peak, failures);
    }

    /** Stops every scenario before the built-in broker closes (a lower priority number observes first). */
    void stopAll(@Observes @Priority(1000) ShutdownEvent event) {
        all().forEach(Scenario::stop);
    }
}
