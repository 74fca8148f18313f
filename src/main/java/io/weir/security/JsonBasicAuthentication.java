package io.weir.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic for the API. It is Quarkus' Basic mechanism (switched off in its own place,
 * {@code quarkus.http.auth.basic=false}, so only this one answers) except for the answer to a
 * missing or wrong sign-in: 401 with the {@code WWW-Authenticate: Basic} challenge and, as every
 * other API error, a JSON body {@code {status, error}} where Quarkus sends none. Form login for the
 * console is untouched: its mechanism comes first for the console's pages.
 */
@ApplicationScoped
public class JsonBasicAuthentication implements HttpAuthenticationMechanism {

    static final String NOT_SIGNED_IN = "{\"status\":401,\"error\":\"sign in with HTTP Basic authentication: "
            + "no valid user name and password were given\"}";

    private final BasicAuthenticationMechanism basic;

    JsonBasicAuthentication(@ConfigProperty(name = "quarkus.http.auth.realm", defaultValue = "Quarkus") String realm) {
        basic = new BasicAuthenticationMechanism(realm, false);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return basic.authenticate(context, identities);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return basic.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return basic.getChallenge(context).map(challenge -> {
            HttpServerResponse response = context.response();
            response.setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.headers().set(name, value));
            response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
            response.end(NOT_SIGNED_IN);
            return true;
        });
    }

    /**
     * A wrong user name or password fails the request with {@link AuthenticationFailedException}
     * instead of asking for a challenge; this answers those on the API the same way.
     */
    void answerFailedSignIns(@Observes Router router) {
        router.route("/api/*").order(-3).failureHandler(context -> {
            Throwable cause = context.failure();
            while (cause != null && !(cause instanceof AuthenticationFailedException) && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause == null || context.response().ended()) {
                context.next();
                return;
            }
            sendChallenge(context).subscribe().with(sent -> {
            }, context::fail);
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return basic.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return basic.getPriority();
    }
}
