package io.weir.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.broker.http.JsonInputErrors;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API error is JSON with the status and a sentence saying what went wrong. Where Quarkus
 * would only name the status ("HTTP 400 Bad Request"), the sentence says more: what is wrong with
 * a body that is not JSON, which path has no API, which methods a path allows.
 */
@Provider
public class ApiErrorMapper implements ExceptionMapper<WebApplicationException> {

    /** The body of every error answer. */
    public record ApiError(int status, String error) {
    }

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        String message = exception.getMessage();
        if (exception.getCause() instanceof JsonProcessingException json) {
            message = JsonInputErrors.describe(json);
        } else if (exception instanceof NotFoundException && message.equals("HTTP 404 Not Found")) {
            message = "no API at " + request.getMethod() + " " + uri.getPath();
        } else if (exception instanceof NotAllowedException && message.equals("HTTP 405 Method Not Allowed")) {
            message = request.getMethod() + " is not allowed at " + uri.getPath() + "; allowed: "
                    + exception.getResponse().getAllowedMethods();
        }
        return answer(status, message);
    }

    static Response answer(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, message))
                .build();
    }
}
