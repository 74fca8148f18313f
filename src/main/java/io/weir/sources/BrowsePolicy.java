package io.weir.sources;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the message browser offers and shows on one source, from
 * {@code weir.sources.<name>.saved-filters.*}, {@code payload-visibility} and
 * {@code sensitive-topics}.
 *
 * @param savedFilters by name, the browse filter parameters of each (the API's query parameter names), sorted
 * @param payloadVisibility who sees the payloads of the sensitive topics
 * @param deadLetterOriginHeader a header naming a dead letter's original topic ({@code dead-letter-origin-header}), or {@code null}
 * @param sensitiveTopics glob patterns ({@code *} for any run of characters) of the sensitive topics; empty: every
 *     topic of the source is
 */
public record BrowsePolicy(Map<String, Map<String, String>> savedFilters, PayloadVisibility payloadVisibility,
        List<String> sensitiveTopics, String deadLetterOriginHeader) {

    /** Who sees payloads of sensitive topics. */
    public enum PayloadVisibility {
        /** Every signed-in user: nothing is hidden. */
        ALL,
        /** Operators and admins; viewers see key, headers and metadata only. */
        OPERATOR,
        /** Nobody, through Weir. */
        NONE
    }

    /** The filter parameters a saved filter may set. */
    public static final Set<String> FILTER_PARAMETERS = Set.of("key", "keyMatch", "header", "text", "regex", "jsonPath",
            "jsonValue", "cel", "from", "until");

    /** No saved filters, every payload visible. */
    public static final BrowsePolicy OPEN = new BrowsePolicy(Map.of(), PayloadVisibility.ALL, List.of(), null);

    public BrowsePolicy {
        TreeMap<String, Map<String, String>> sorted = new TreeMap<>();
        savedFilters.forEach((name, parameters) -> sorted.put(name, Map.copyOf(parameters)));
        savedFilters = java.util.Collections.unmodifiableMap(sorted);
        sensitiveTopics = List.copyOf(sensitiveTopics);
    }

    /** Whether the topic's payloads fall under {@link #payloadVisibility}. */
    public boolean sensitive(String topic) {
        return sensitiveTopics.isEmpty() || sensitiveTopics.stream().anyMatch(glob -> glob(glob).matcher(topic).matches());
    }

    /** Validates one source's configuration: saved filters may set only filter parameters. */
    static BrowsePolicy from(String source, SourcesConfig.Source config) {
        config.savedFilters().forEach((name, parameters) -> {
            if (parameters.isEmpty()) {
                throw new IllegalArgumentException("weir.sources." + source + ".saved-filters." + name + " sets no filter");
            }
            parameters.keySet().stream().filter(p -> !FILTER_PARAMETERS.contains(p)).findFirst().ifPresent(p -> {
                throw new IllegalArgumentException("weir.sources." + source + ".saved-filters." + name + "." + p
                        + " is not a filter parameter: use " + new java.util.TreeSet<>(FILTER_PARAMETERS));
            });
        });
        List<String> topics = config.sensitiveTopics()
                .map(globs -> globs.stream().map(String::strip).filter(g -> !g.isEmpty()).toList()).orElse(List.of());
        return new BrowsePolicy(config.savedFilters(), config.payloadVisibility(), topics,
                config.deadLetterOriginHeader().map(String::strip).filter(h -> !h.isEmpty()).orElse(null));
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', from)) {
            regex.append(Pattern.quote(glob.substring(from, star))).append(".*");
            from = star + 1;
        }
        regex.append(Pattern.quote(glob.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
