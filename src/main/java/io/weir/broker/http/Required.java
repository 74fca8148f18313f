package io.weir.broker.http;

import java.util.Collection;

/** Checks of request input that the broker cannot make itself; each failure is a 400. */
final class Required {

    private Required() {
    }

    static void body(Object body) {
        if (body == null) {
            throw new IllegalArgumentException("the request needs a JSON body");
        }
    }

    static <T> T field(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** At least one value, and none of them null ({@code [null]} in the JSON). */
    static void nonEmpty(Collection<?> values, String name) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one");
        }
        noNulls(values, name);
    }

    static void noNulls(Collection<?> values, String name) {
        int i = 0;
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
            i++;
        }
    }
}
