package io.weir.sources.kafka;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells dead-letter topics by name. Kafka has no dead-letter concept of its own: applications
 * follow naming conventions such as Spring Kafka's {@code orders.DLT}, so the source matches names
 * against configured glob patterns. A pattern must match the whole name, case-sensitively, and
 * {@code *} stands for any run of characters (none included); nothing else is special.
 */
final class DeadLetterTopics {

    private final List<Pattern> patterns;

    DeadLetterTopics(List<String> globs) {
        this.patterns = globs.stream().map(DeadLetterTopics::compile).toList();
    }

    boolean isDeadLetter(String topic) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(topic).matches());
    }

    private static Pattern compile(String glob) {
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
