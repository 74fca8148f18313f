package io.weir.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request to {@code /api/} whose body is over {@code quarkus.http.limits.max-body-size} is
 * answered 413 with a JSON error saying so, and the connection is closed instead of reading the
 * rest. With a Content-Length that is known before the body is read; Quarkus' own check (route
 * order -2, one step later) would answer with an empty body. A chunked body (no Content-Length) is
 * read here, up to the limit, before the resources see it: left to Quarkus, the resource's reader
 * would find the stream cut off after Quarkus had already answered an empty 413, and the error
 * answer the reader's failure leads to would then fail and be logged as an ERROR.
 */
@ApplicationScoped
class OversizedBodies {

    private final long limit;
    private final BodyHandler chunkedBodies;

    OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
            MemorySize limit) {
        this.limit = limit.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void route(@Observes Router router) {
        router.route("/api/*").order(-3).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && isChunked(context)) {
                chunkedBodies.handle(context); // fails the context with 413 past the limit
            } else if (length == null || !length.matches("\\d{1,18}") || Long.parseLong(length) <= limit) {
                context.next();
            } else {
                tooLarge(context.response(), "the request body of " + length + " bytes");
            }
        }).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().ended()) {
                tooLarge(context.response(), "the chunked request body");
            } else {
                context.next();
            }
        });
    }

    private static boolean isChunked(RoutingContext context) {
        String encoding = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private void tooLarge(HttpServerResponse response, String body) {
        response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"status\":413,\"error\":\"" + body + " is larger than the " + limit
                        + " bytes the server accepts (quarkus.http.limits.max-body-size)\"}");
    }
}
