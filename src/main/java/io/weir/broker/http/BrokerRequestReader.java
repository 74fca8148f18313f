package io.weir.broker.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads the broker API's request bodies, strictly: a number is not a string ({@code "3"} is no
 * partition count, {@code 5} no key), a fraction is no whole number, and nothing may follow the
 * JSON value. What does not fit is a 400 whose error says which field, what it must be and where
 * ({@link JsonInputErrors}), in the broker's JSON error shape. Only for the request types of this
 * package, so the rest of Weir keeps Quarkus' reader.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class BrokerRequestReader implements MessageBodyReader<Object> {

    private static final String PACKAGE = BrokerRequestReader.class.getPackageName() + ".";

    private final ObjectMapper strict;

    BrokerRequestReader(ObjectMapper mapper) {
        strict = mapper.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Textual, LogicalType.Boolean}) {
            strict.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        // ...but each type still takes its own shape
        strict.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getName().startsWith(PACKAGE);
    }

    /** @return {@code null} for an empty body, which each resource answers with its own 400 */
    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 1);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        in.unread(first);
        ObjectReader reader = strict.readerFor(strict.getTypeFactory().constructType(genericType));
        // the parser stays open until the error is described: it knows what the client sent there
        try (JsonParser parser = strict.createParser(in)) {
            try {
                Object value = reader.readValue(parser);
                if (parser.nextToken() != null) {
                    throw BrokerErrorsInterceptor.error(400, "malformed JSON" + JsonInputErrors.where(
                            parser.currentTokenLocation()) + ": something follows the JSON value");
                }
                return value;
            } catch (JsonProcessingException e) {
                throw BrokerErrorsInterceptor.error(400, JsonInputErrors.describe(e));
            }
        }
    }
}
