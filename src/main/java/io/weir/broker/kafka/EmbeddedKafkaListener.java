package io.weir.broker.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.weir.broker.DeliveryMode;
import io.weir.broker.embedded.EmbeddedBroker;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Starts the Kafka listener in front of this process's built-in broker once the broker is open,
 * when both {@code weir.broker.enabled} and {@code weir.broker.kafka.enabled} are on, and stops it
 * before the broker closes, with SASL against Weir's users and TLS as {@code weir.broker.kafka.sasl.*}
 * and {@code tls.*} say. A port that cannot be bound, unreadable TLS files, or a non-loopback host
 * without SASL are logged as an ERROR and Weir runs on without the listener.
 */
@ApplicationScoped
public class EmbeddedKafkaListener {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaListener.class);

    private final EmbeddedBroker embedded;
    private final KafkaListenerConfig config;
    private final Vertx vertx;
    private final KafkaUsers users;
    private volatile KafkaListener listener;

    EmbeddedKafkaListener(EmbeddedBroker embedded, KafkaListenerConfig config, Vertx vertx, KafkaUsers users) {
        this.embedded = embedded;
        this.config = config;
        this.vertx = vertx;
        this.users = users;
    }

    /** After the broker opened (priority 10). */
    void start(@Observes @Priority(20) StartupEvent event) throws InterruptedException {
        if (!config.enabled() || embedded.broker().isEmpty()) {
            return;
        }
        ListenerSecurity security;
        try {
            security = security(config, users);
            listener = KafkaListener.start(embedded.broker().get(), vertx, new KafkaListener.Settings(config.host(),
                    config.port(), config.advertisedHost().orElse(null), embedded.config().topicDefaults(),
                    embedded.config().groupDefaults(DeliveryMode.ORDERED), security));
        } catch (IllegalStateException e) {
            // the console and the HTTP API still work (9092 is often a local Kafka's): say so and go on
            LOG.errorf("%s; the built-in broker is not reachable over the Kafka protocol (weir.broker.kafka.enabled=false "
                    + "turns the listener off)", e.getMessage());
            return;
        }
        LOG.infof("Kafka protocol listener on %s:%d (%s)", config.host(), listener.port(), switch (security.protocol()) {
            case "SASL_SSL" -> "SASL_SSL: TLS, SASL/PLAIN as Weir's users";
            case "SASL_PLAINTEXT" -> "SASL_PLAINTEXT: SASL/PLAIN as Weir's users, no TLS";
            case "SSL" -> "SSL: TLS, no authentication";
            default -> "PLAINTEXT: no TLS, no authentication";
        });
    }

    /** What {@code weir.broker.kafka.sasl.*} and {@code tls.*} ask for; throws when only half of TLS is set. */
    static ListenerSecurity security(KafkaListenerConfig config, KafkaUsers users) {
        KafkaListenerConfig.Tls tls = config.tls();
        if (tls.certificate().isPresent() != tls.key().isPresent()) {
            throw new IllegalStateException("TLS needs both weir.broker.kafka.tls.certificate and "
                    + "weir.broker.kafka.tls.key; only one is set");
        }
        return new ListenerSecurity(config.sasl().enabled() ? users : null, tls.certificate()
                .map(certificate -> new ListenerSecurity.Tls(certificate, tls.key().orElseThrow())).orElse(null));
    }

    /** Before the broker closes. */
    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        KafkaListener open = listener;
        listener = null;
        if (open != null) {
            open.close();
        }
    }

    /** The bound port, empty when the listener does not run. */
    public OptionalInt port() {
        KafkaListener open = listener;
        return open == null ? OptionalInt.empty() : OptionalInt.of(open.port());
    }
}
