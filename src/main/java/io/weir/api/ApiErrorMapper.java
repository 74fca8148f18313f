package io.weir.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every API error is JSON with the status and a sentence saying what went wrong. */
@Provider
public class ApiErrorMapper implements ExceptionMapper<WebApplicationException> {

    /** The body of every error answer. */
    public record ApiError(int status, String error) {
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, exception.getMessage()))
                .build();
    }
}
