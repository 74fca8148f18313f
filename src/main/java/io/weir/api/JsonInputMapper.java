package io.weir.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.weir.broker.http.JsonInputErrors;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body whose JSON does not fit the request (a misspelt field, a string for a number) is a 400
 * that names the field, what it must be and where; Quarkus' own answer has an empty body.
 */
@Provider
public class JsonInputMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException exception) {
        return ApiErrorMapper.answer(400, JsonInputErrors.describe(exception));
    }
}
