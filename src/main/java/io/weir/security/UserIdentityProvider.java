package io.weir.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks a username and password for both form login and HTTP Basic: configured users first,
 * then users stored in the database. Bcrypt is slow on purpose, so checks run on a worker thread.
 */
@ApplicationScoped
public class UserIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(UserIdentityProvider.class);

    private final UsersConfig users;

    UserIdentityProvider(UsersConfig users) {
        this.users = users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String username = request.getUsername();
            String password = new String(request.getPassword().getPassword());
            Credentials stored = lookUp(username)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown user"));
            if (!matches(password, stored.passwordHash(), username)) {
                throw new AuthenticationFailedException("wrong password");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(username))
                    .addRoles(Roles.withIncluded(stored.role()))
                    .build();
        });
    }

    private Optional<Credentials> lookUp(String username) {
        UsersConfig.User configured = users.all().get(username);
        if (configured != null && !AdminAccount.USERNAME.equals(username)) {
            return Optional.of(new Credentials(configured.passwordHash(), configured.role()));
        }
        return storedUser(username);
    }

    private static Optional<Credentials> storedUser(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(StoredUser.find(username))
                .map(user -> new Credentials(user.passwordHash, user.role)));
    }

    /** Bcrypt check; {@code $2b$} is the same algorithm as {@code $2a$} for the passwords people type. */
    private static boolean matches(String password, String hash, String username) {
        String normalized = hash.startsWith("$2b$") ? "$2a$" + hash.substring(4) : hash;
        try {
            return BcryptUtil.matches(password, normalized);
        } catch (RuntimeException e) {
            LOG.errorf("The password hash of user '%s' is not a bcrypt hash: fix weir.users.%s.password-hash",
                    username, username);
            return false;
        }
    }

    private record Credentials(String passwordHash, String role) {
    }
}
