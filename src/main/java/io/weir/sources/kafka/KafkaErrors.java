package io.weir.sources.kafka;

import io.weir.sources.SourceSettings;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/** Turns kafka-clients exceptions into sentences an operator can act on. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static String describe(Throwable error, SourceSettings settings) {
        if (error instanceof TimeoutException) {
            return "no Kafka broker answered at " + settings.address() + " within "
                    + settings.timeout().toMillis() + " ms: check that the brokers run and the address is right";
        }
        if (error instanceof AuthenticationException) {
            return "Kafka refused the credentials: " + error.getMessage()
                    + " (check the source's SASL/TLS properties)";
        }
        if (error instanceof AuthorizationException) {
            return "Kafka denied the request: " + error.getMessage()
                    + " (grant the Weir principal DESCRIBE on the cluster)";
        }
        return "Kafka error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
