package io.weir.broker.kafka;

import java.nio.file.Path;

/**
 * How the listener authenticates and encrypts. Either part may be off (null): without
 * {@code users} every client may do anything, which {@link KafkaListener} allows on a loopback
 * address only.
 *
 * @param users SASL/PLAIN against these users, or null for no authentication
 * @param tls TLS with this certificate chain and key, or null for plain TCP
 */
public record ListenerSecurity(KafkaUsers users, Tls tls) {

    /** Plain TCP, no authentication. */
    public static final ListenerSecurity NONE = new ListenerSecurity(null, null);

    /**
     * PEM files: the server's certificate chain (its own certificate first) and its unencrypted
     * private key (PKCS#8, or PKCS#1 RSA / SEC1 EC).
     */
    public record Tls(Path certificate, Path key) {
    }

    /** Kafka's name for this combination, the {@code security.protocol} clients set. */
    public String protocol() {
        if (users == null) {
            return tls == null ? "PLAINTEXT" : "SSL";
        }
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }
}
