package io.weir.security;

import io.weir.broker.kafka.KafkaUsers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Weir's users for SASL/PLAIN clients of the built-in broker's Kafka listener: the same look-up and
 * password check as the console's sign-in ({@link PasswordIdentityProvider}). Blocking.
 */
@ApplicationScoped
public class KafkaListenerUsers implements KafkaUsers {

    private final UserDirectory directory;

    KafkaListenerUsers(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<Set<String>> authenticate(String username, String password) {
        return directory.find(username)
                .filter(account -> directory.passwordMatches(account, password))
                .map(account -> Roles.withIncluded(account.role()));
    }
}
