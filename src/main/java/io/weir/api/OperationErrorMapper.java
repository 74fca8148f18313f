package io.weir.api;

import io.weir.operations.OperationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused or failed operation, as JSON with the status its kind stands for. */
@Provider
public class OperationErrorMapper implements ExceptionMapper<OperationException> {

    @Override
    public Response toResponse(OperationException exception) {
        int status = switch (exception.kind()) {
            case NOT_FOUND -> 404;
            case INVALID -> 400;
            case REFUSED -> 409;
            case FORBIDDEN -> 403;
            case UNAVAILABLE -> 503;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiErrorMapper.ApiError(status, exception.getMessage())).build();
    }
}
