package io.weir.broker.http;

import io.weir.broker.Broker;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.broker.embedded.EmbeddedBrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;

/** The broker the resources act on: this process's built-in broker, while it runs. */
@ApplicationScoped
class RunningBroker {

    private final EmbeddedBroker embedded;

    RunningBroker(EmbeddedBroker embedded) {
        this.embedded = embedded;
    }

    /** @throws ServiceUnavailableException (503) if the broker is disabled or closed */
    Broker get() {
        return embedded.broker().orElseThrow(() -> new ServiceUnavailableException(
                "the built-in broker is not running (weir.broker.enabled=false, or it is shutting down)"));
    }

    EmbeddedBrokerConfig defaults() {
        return embedded.config();
    }
}
