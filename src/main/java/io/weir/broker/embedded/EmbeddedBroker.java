package io.weir.broker.embedded;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.broker.Broker;
import io.weir.broker.DeliveryMode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The built-in broker of this Weir process, opened at {@code <weir.data-dir>/broker} when
 * {@code weir.broker.enabled} (the default), with the settings of {@link EmbeddedBrokerConfig}.
 * Opening recovers the logs and consumer state left by the previous run, crash or not.
 */
@ApplicationScoped
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    /** Prometheus {@code weir_broker_fsyncs_total}: data fsyncs of the partition logs. */
    static final String FSYNCS = "weir.broker.fsyncs";
    /** Prometheus {@code weir_broker_fsync_seconds_total}: time spent in them; divided by the above, the mean fsync. */
    static final String FSYNC_SECONDS = "weir.broker.fsync.seconds";

    private final EmbeddedBrokerConfig config;
    private final Path directory;
    private volatile Broker broker;

    @Inject
    EmbeddedBroker(EmbeddedBrokerConfig config, @ConfigProperty(name = "weir.data-dir") String dataDir,
            MeterRegistry registry) {
        this.config = config;
        this.directory = Path.of(dataDir, "broker");
        // read at scrape time; a broker that is not open counts 0, and it only opens once per process
        FunctionCounter.builder(FSYNCS, this, b -> b.broker().map(Broker::fsyncCount).orElse(0L))
                .description("Data fsyncs of the built-in broker's partition logs").register(registry);
        FunctionCounter.builder(FSYNC_SECONDS, this, b -> b.broker().map(Broker::fsyncNanos).orElse(0L) / 1e9)
                .description("Time the built-in broker's partition logs spent in fsync").register(registry);
    }

    /**
     * Opens before the monitor starts polling (a low priority number runs first). Builds the
     * topic and group defaults first, so that a bad setting stops start-up instead of failing the
     * first creation.
     */
    void open(@Observes @Priority(10) StartupEvent event) throws IOException {
        if (config.enabled()) {
            config.topicDefaults();
            for (DeliveryMode mode : DeliveryMode.values()) {
                config.groupDefaults(mode);
            }
            broker = Broker.open(directory, config.brokerConfig());
            LOG.infof("Built-in broker open at %s with %d topics", directory.toAbsolutePath(), broker.topics().size());
        }
    }

    void close(@Observes ShutdownEvent event) throws IOException {
        Broker open = broker;
        broker = null;
        if (open != null) {
            open.close();
        }
    }

    /** The running broker, empty when disabled or not (or no longer) open. */
    public Optional<Broker> broker() {
        return Optional.ofNullable(broker);
    }

    /** Whether this process runs the built-in broker ({@code weir.broker.enabled}). */
    public boolean enabled() {
        return config.enabled();
    }

    /** The settings topics and groups get unless they are created with their own. */
    public EmbeddedBrokerConfig config() {
        return config;
    }

    /** Where the broker keeps its data. */
    public Path directory() {
        return directory;
    }
}
