package io.weir.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where users are found: configured users ({@code weir.users.*}) first, then users stored in the
 * database (the admin). Blocking (database, bcrypt): call it from a worker thread.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final UsersConfig users;
    private final VerifiedPasswords verified;

    UserDirectory(UsersConfig users,
            @ConfigProperty(name = "weir.security.verified-password-ttl", defaultValue = "5m") Duration verifiedTtl) {
        this.users = users;
        this.verified = new VerifiedPasswords(UserDirectory::bcryptMatches, verifiedTtl, System::nanoTime);
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

    /** Bcrypt check, remembered for {@code weir.security.verified-password-ttl} once it passed ({@link VerifiedPasswords}). */
    boolean passwordMatches(Account account, String password) {
        try {
            return verified.matches(password, account.passwordHash());
        } catch (RuntimeException e) {
            LOG.errorf("The password hash of user '%s' is not a bcrypt hash: fix weir.users.%s.password-hash",
                    account.username(), account.username());
            return false;
        }
    }

    /** {@code $2b$} is the same algorithm as {@code $2a$} for the passwords people type. */
    private static boolean bcryptMatches(String password, String hash) {
        return BcryptUtil.matches(password, hash.startsWith("$2b$") ? "$2a$" + hash.substring(4) : hash);
    }

    static SecurityIdentity identityOf(Account account) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(account.username()))
                .addRoles(Roles.withIncluded(account.role()))
                .build();
    }
}
