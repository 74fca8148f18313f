package io.weir.broker.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code weir.broker.kafka.*}: the built-in broker's Kafka protocol listener. Every key is in the README's configuration table. */
@ConfigMapping(prefix = "weir.broker.kafka")
public interface KafkaListenerConfig {

    /** Serve the built-in broker over the Kafka protocol (only when the built-in broker runs). */
    @WithDefault("true")
    boolean enabled();

    /** Bind address. Without SASL only a loopback address is accepted. */
    @WithDefault("127.0.0.1")
    String host();

    /** 0 picks a free port. */
    @WithDefault("9092")
    int port();

    /** Host name clients are told to connect to; the bound host when empty. */
    Optional<String> advertisedHost();

    /** SASL/PLAIN against Weir's users. */
    Sasl sasl();

    /** TLS from PEM files. */
    Tls tls();

    interface Sasl {
        /** Clients must sign in as a Weir user; the user's role decides what they may do. */
        @WithDefault("false")
        boolean enabled();
    }

    interface Tls {
        /** PEM certificate chain, the listener's own certificate first; TLS is on when this and the key are set. */
        Optional<Path> certificate();

        /** PEM private key of the certificate, unencrypted. */
        Optional<Path> key();
    }
}
