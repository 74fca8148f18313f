package io.weir.broker.kafka;

import java.util.Optional;
import java.util.Set;

/**
 * The users SASL/PLAIN clients of the listener sign in as: Weir's own users, checked the way the
 * console's sign-in checks them (the implementation lives with Weir's security; the broker knows
 * no user store). Blocking (database, bcrypt): called on the listener's workers. Thread-safe.
 */
public interface KafkaUsers {

    /**
     * The user's Weir roles, each with the ones it includes ({@code viewer}, {@code operator},
     * {@code admin}), when the password is the user's; empty for an unknown user or a wrong password.
     */
    Optional<Set<String>> authenticate(String username, String password);
}
