package io.weir.broker.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Users for the listener's own tests, which run without Weir's user store (the Quarkus test
 * {@code WeirUsersOverSaslTest} signs in as Weir's real users); roles as Weir's
 * {@code Roles.withIncluded} gives them. Also the client settings of each security protocol.
 */
final class ListenerUsers implements KafkaUsers {

    static final ListenerUsers USERS = new ListenerUsers();

    private record User(String password, Set<String> roles) {
    }

    private static final Map<String, User> BY_NAME = Map.of(
            "otto", new User("operator-password", Set.of("viewer", "operator")),
            "vera", new User("viewer-password", Set.of("viewer")));

    private ListenerUsers() {
    }

    @Override
    public Optional<Set<String>> authenticate(String username, String password) {
        return Optional.ofNullable(BY_NAME.get(username)).filter(user -> user.password().equals(password))
                .map(User::roles);
    }

    /** kafka-clients settings: SASL/PLAIN as {@code user}, over TLS trusting {@code certificatePem} when not null. */
    static Map<String, Object> clientSettings(String user, String password, String certificatePem) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "security.protocol", certificatePem == null ? "SASL_PLAINTEXT" : "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";"));
        if (certificatePem != null) {
            settings.put("ssl.truststore.type", "PEM");
            settings.put("ssl.truststore.certificates", certificatePem);
        }
        return settings;
    }
}
