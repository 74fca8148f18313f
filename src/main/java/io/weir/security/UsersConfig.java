package io.weir.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Users from configuration: {@code weir.users.<name>.password-hash} (bcrypt, e.g. from
 * {@code htpasswd -nbBC 10 "" secret}) and {@code weir.users.<name>.role}.
 */
@ConfigMapping(prefix = "weir.users")
public interface UsersConfig {

    @WithParentName
    Map<String, User> all();

    interface User {
        /** A bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}); never the password itself. */
        String passwordHash();

        /** {@code viewer}, {@code operator} or {@code admin}. */
        String role();
    }
}
