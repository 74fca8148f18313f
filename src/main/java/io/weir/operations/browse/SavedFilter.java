package io.weir.operations.browse;

import java.util.Map;

/**
 * A filter saved in a source's configuration ({@code weir.sources.<name>.saved-filters.<filter>.<parameter>}).
 *
 * @param name its name
 * @param parameters the browse filter parameters it sets, by the API's query parameter names
 *     ({@code key}, {@code header}, {@code cel}, ...)
 */
public record SavedFilter(String name, Map<String, String> parameters) {

    public SavedFilter {
        parameters = Map.copyOf(parameters);
    }
}
