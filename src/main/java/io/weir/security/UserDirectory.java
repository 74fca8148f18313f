package io.weir.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where users are found: configured users ({@code weir.users.*}) first, then users stored in the
 * database (the admin). Blocking (database, bcrypt): call it from a worker thread.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final UsersConfig users;

    UserDirectory(UsersConfig users) {
        this.users = users;
    }

    /** A user's password hash and role. */
    record Account(String username, String passwordHash, String role) {
    }

    Optional<Account> find(String username) {
        UsersConfig.User configured = users.all().get(username);
        if (configured != null && !AdminAccount.USERNAME.equals(username)) {
            return Optional.of(new Account(username, configured.passwordHash(), configured.role()));
        }
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(StoredUser.find(username))
                .map(user -> new Account(username, user.passwordHash, user.role)));
    }

    /** Bcrypt check; {@code $2b$} is the same algorithm as {@code $2a$} for the passwords people type. */
    boolean passwordMatches(Account account, String password) {
        String hash = account.passwordHash();
        String normalized = hash.startsWith("$2b$") ? "$2a$" + hash.substring(4) : hash;
        try {
            return BcryptUtil.matches(password, normalized);
        } catch (RuntimeException e) {
            LOG.errorf("The password hash of user '%s' is not a bcrypt hash: fix weir.users.%s.password-hash",
                    account.username(), account.username());
            return false;
        }
    }

    static SecurityIdentity identityOf(Account account) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(account.username()))
                .addRoles(Roles.withIncluded(account.role()))
                .build();
    }
}
