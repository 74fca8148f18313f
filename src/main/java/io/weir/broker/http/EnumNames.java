package io.weir.broker.http;

import java.util.Arrays;
import java.util.Locale;

/** Enum constants as the API writes them: lower case with hyphens ({@code GROUP_COMMIT} is {@code group-commit}). */
final class EnumNames {

    private EnumNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming {@code field} and the accepted values */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException(field + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(EnumNames::of).toList() + ": " + text);
    }
}
