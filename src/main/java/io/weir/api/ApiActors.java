package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.operations.Actor;

/** Who calls the API, for the audit log: the signed-in user and the client's address. */
final class ApiActors {

    private ApiActors() {
    }

    static Actor of(SecurityIdentity identity, HttpServerRequest request) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(identity.getPrincipal().getName(), Actor.Channel.API, address);
    }
}
