package io.weir.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a username and password, for both form login and HTTP Basic. */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final UserDirectory directory;

    PasswordIdentityProvider(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String password = new String(request.getPassword().getPassword());
            return directory.find(request.getUsername())
                    .filter(account -> directory.passwordMatches(account, password))
                    .map(UserDirectory::identityOf)
                    .orElseThrow(() -> new AuthenticationFailedException("wrong username or password"));
        });
    }
}
