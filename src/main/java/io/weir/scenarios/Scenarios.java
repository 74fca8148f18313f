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

    private final EmbeddedBroker embedded;
    private final boolean enabled;
    private final String offReason;
    private final String sourceName;
    private final AsyncProcessingScenario async;

    @Inject
    Scenarios(ScenariosConfig config, EmbeddedBroker embedded, Config settings) {
        this.embedded = embedded;
        Optional<String> external = configuredSources(settings, "kafka", "rabbitmq").stream().findFirst();
        if (!embedded.enabled()) {
            enabled = false;
            offReason = "the built-in broker does not run in this deployment (weir.broker.enabled=false), and the"
                    + " scenarios never touch other brokers";
        } else if (config.enabled().isPresent()) {
            enabled = config.enabled().get();
            offReason = "weir.demo.enabled=false";
        } else {
            enabled = external.isEmpty();
            offReason = "this deployment watches configured brokers (source " + external.orElse("") + "), so demo load"
                    + " is off unless weir.demo.enabled=true";
        }
        this.sourceName = configuredSources(settings, "builtin").stream().findFirst().orElse("builtin");
        this.async = new AsyncProcessingScenario(embedded, enabled ? null : offReason, config.async());
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

    /** Why they are off, in words; only meaningful when {@link #enabled} is false. */
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

    public List<Scenario> all() {
        return List.of(async);
    }

    /** Stops every scenario before the built-in broker closes (a lower priority number observes first). */
    void stopAll(@Observes @Priority(1000) ShutdownEvent event) {
        all().forEach(Scenario::stop);
    }

    /** Whether the built-in broker is open, so a scenario can start. */
    public boolean brokerRunning() {
        return embedded.broker().isPresent();
    }
}
