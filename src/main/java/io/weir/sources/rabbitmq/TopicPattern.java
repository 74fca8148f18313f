package io.weir.sources.rabbitmq;

/**
 * AMQP topic binding keys: words separated by dots, where {@code *} stands for exactly one word
 * and {@code #} for zero or more.
 */
final class TopicPattern {

    private TopicPattern() {
    }

    /** Whether a topic exchange routes a message with {@code routingKey} along a binding with {@code bindingKey}. */
    static boolean matches(String bindingKey, String routingKey) {
        return matches(bindingKey.split("\\.", -1), 0, routingKey.split("\\.", -1), 0);
    }

    private static boolean matches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) {
            return w == words.length;
        }
        if (pattern[p].equals("#")) {
            for (int rest = w; rest <= words.length; rest++) {
                if (matches(pattern, p + 1, words, rest)) {
                    return true;
                }
            }
            return false;
        }
        return w < words.length
                && (pattern[p].equals("*") || pattern[p].equals(words[w]))
                && matches(pattern, p + 1, words, w + 1);
    }
}
