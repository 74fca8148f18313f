package io.weir.api;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.weir.api.ApiErrorMapper.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request naming a field the API does not know (often a misspelling) is a 400 that names it. */
@Provider
public class UnknownFieldMapper implements ExceptionMapper<UnrecognizedPropertyException> {

    @Override
    public Response toResponse(UnrecognizedPropertyException exception) {
        String message = "Unknown field '" + exception.getPropertyName() + "'; known fields: "
                + exception.getKnownPropertyIds();
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(400, message))
                .build();
    }
}
