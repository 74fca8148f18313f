package io.weir.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rebuilds the identity of a user signed in by form login from the encrypted session cookie. The
 * role is looked up afresh, so a user removed from the configuration loses access at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final UserDirectory directory;

    SessionIdentityProvider(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> directory.find(request.getPrincipal())
                .map(UserDirectory::identityOf)
                .orElseThrow(() -> new AuthenticationFailedException("user no longer exists")));
    }
}
