package io.weir.broker.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

/**
 * Says in a sentence what is wrong with a request body that Jackson could not read: the field (as
 * a path such as {@code messages[0].key}), what it must be and what it is, and where (line and
 * column). Public because Weir's console API answers its own bad JSON with the same sentences.
 */
public final class JsonInputErrors {

    private JsonInputErrors() {
    }

    public static String describe(JsonProcessingException e) {
        String where = where(e.getLocation());
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field " + path(u) + where + "; known fields: " + u.getKnownPropertyIds();
        }
        if (e instanceof DatabindException d && e.getCause() instanceof InputCoercionException range) {
            return path(d) + " must be " + range(range.getTargetType()) + where;
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getOriginalMessage().startsWith("No content to map")) {
                return "the request needs a JSON body";
            }
            String field = m.getPath().isEmpty() ? "the body" : path(m);
            String expected = expected(m.getTargetType());
            if (m.getOriginalMessage().startsWith("Cannot deserialize Map key")) {
                return "each key of " + field + " must be " + expected + given(m) + where;
            }
            return field + " must be " + expected + given(m) + where;
        }
        return "malformed JSON" + where + ": " + e.getOriginalMessage();
    }

    /** {@code " (line 1, column 5)"}, or nothing if Jackson does not know. */
    static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** {@code messages[0].key}, the way a client writes the field. */
    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : ((JsonMappingException) e).getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "something else";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-01-31T12:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "an object" : "a "
                + type.getSimpleName();
    }

    /**
     * {@code ", not "} and what the client sent where the mismatch is, as the client wrote it
     * where the parser is still open; nothing if that is unknown.
     */
    private static String given(MismatchedInputException m) {
        JsonToken token = m.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
        boolean key = m.getOriginalMessage().startsWith("Cannot deserialize Map key");
        if ((token == null || key) && m instanceof InvalidFormatException f && f.getValue() != null) {
            return ", not " + (f.getValue() instanceof String s ? "\"" + s + "\"" : String.valueOf(f.getValue()));
        }
        String given = token == null ? null : switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + text(m) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> text(m);
            case VALUE_NULL -> "null";
            default -> null;
        };
        return given == null ? "" : ", not " + given;
    }

    private static String text(MismatchedInputException m) {
        try {
            return ((JsonParser) m.getProcessor()).getText();
        } catch (IOException e) {
            return "?";
        }
    }
}
