package io.weir.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request to {@code /api/} whose Content-Length is over {@code quarkus.http.limits.max-body-size}
 * is answered 413 with a JSON error saying so. Quarkus' own check (route order -2, one step later)
 * answers with an empty body; like it, this closes the connection instead of reading the body.
 */
@ApplicationScoped
class OversizedBodies {

    private final long limit;

    OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
            MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void route(@Observes Router router) {
        router.route("/api/*").order(-3).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null || !length.matches("\\d{1,18}") || Long.parseLong(length) <= limit) {
                context.next();
                return;
            }
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end("{\"status\":413,\"error\":\"the request body of " + length + " bytes is larger than the "
                            + limit + " bytes the server accepts (quarkus.http.limits.max-body-size)\"}");
        });
    }
}
