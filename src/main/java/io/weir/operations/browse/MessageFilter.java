package io.weir.operations.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which messages a browse keeps; every condition given must hold, and none given keeps all.
 * Cheap conditions are tried first (time, key, header), the payload's last. Text and regular
 * expressions see the payload decoded as UTF-8; plain text also matches the key and header values,
 * case-sensitive. A regular expression gets {@value #REGEX_BUDGET_MS} ms per message: one that takes
 * longer (catastrophic backtracking) counts as not matching. Thread-safe.
 *
 * @param key the key, matched by {@code keyMatch}, or {@code null}
 * @param headerName a header that must be present, or {@code null}
 * @param headerValue ... and its exact value (any of the header's values when it repeats), or {@code null}
 * @param text plain text the payload, key or a header value contains, or {@code null}
 * @param regex found anywhere in the payload, or {@code null}
 * @param jsonPath the field of a JSON payload ({@code $.order.id}; numbers index arrays: {@code $.items.0.sku}), or {@code null}
 * @param jsonValue ... and its value: a string's text, or a number, {@code true}, {@code false}, {@code null} as JSON writes it;
 *     {@code null} requires only that the field exists
 * @param from only messages stamped at or after this, or {@code null}
 * @param until only messages stamped at or before this, or {@code null}
 * @param cel a CEL expression the message must make true ({@link CelCondition}), or {@code null}; tried last
 */
public record MessageFilter(String key, KeyMatch keyMatch, String headerName, String headerValue, String text,
        Pattern regex, List<String> jsonPath, String jsonValue, Instant from, Instant until, CelCondition cel) {

    /** How the key condition compares. */
    public enum KeyMatch { EXACT, CONTAINS }

    public static final MessageFilter NONE = new MessageFilter(null, KeyMatch.EXACT, null, null, null, null, null, null,
            null, null, null);

    static final long REGEX_BUDGET_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    public MessageFilter {
        Objects.requireNonNull(keyMatch, "keyMatch");
        jsonPath = jsonPath == null ? null : List.copyOf(jsonPath);
        if (from != null && until != null && until.isBefore(from)) {
            throw new IllegalArgumentException("the time range ends (" + until + ") before it starts (" + from + ")");
        }
    }

    /** A filter without a CEL expression. */
    public MessageFilter(String key, KeyMatch keyMatch, String headerName, String headerValue, String text,
            Pattern regex, List<String> jsonPath, String jsonValue, Instant from, Instant until) {
        this(key, keyMatch, headerName, headerValue, text, regex, jsonPath, jsonValue, from, until, null);
    }

    /** The header name of a filter written {@code name} or {@code name:value}; null for null. */
    public static String headerName(String spec) {
        return spec == null ? null : spec.split(":", 2)[0];
    }

    /** The header value of a filter written {@code name:value}; null when it names the header only. */
    public static String headerValue(String spec) {
        return spec == null || !spec.contains(":") ? null : spec.split(":", 2)[1];
    }

    /** Compiles a regular expression, or says what is wrong with it. */
    public static Pattern regex(String expression) {
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** Splits {@code $.a.b} into its field names, or says what is wrong with it. */
    public static List<String> jsonPath(String path) {
        if (!path.startsWith("$.") || path.length() < 3 || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("jsonPath must be a dotted path from the root, like $.order.id: " + path);
        }
        return List.of(path.substring(2).split("\\."));
    }

    public MessageFilter withTimeRange(Instant from, Instant until) {
        return new MessageFilter(key, keyMatch, headerName, headerValue, text, regex, jsonPath, jsonValue, from, until,
                cel);
    }

    /** This filter with a CEL expression, or without one for {@code null}. */
    public MessageFilter withCel(CelCondition cel) {
        return new MessageFilter(key, keyMatch, headerName, headerValue, text, regex, jsonPath, jsonValue, from, until,
                cel);
    }

    /**
     * The conditions that read the payload (text, regex, JSON field, a CEL expression using
     * {@code value} or {@code valueJson}), by parameter name; empty when none does.
     */
    public List<String> payloadConditions() {
        List<String> names = new java.util.ArrayList<>();
        if (text != null) {
            names.add("text");
        }
        if (regex != null) {
            names.add("regex");
        }
        if (jsonPath != null) {
            names.add("jsonPath");
        }
        if (cel != null && cel.readsPayload()) {
            names.add("cel");
        }
        return names;
    }

    /** Whether the filter keeps every message. */
    public boolean keepsAll() {
        return equals(NONE);
    }

    public boolean matches(BrowsedMessage message) {
        return inTimeRange(message.timestamp()) && keyMatches(message.keyText()) && headerMatches(message)
                && textMatches(message) && regexMatches(message.value()) && jsonMatches(message.value())
                && (cel == null || cel.matches(message));
    }

    private boolean inTimeRange(Instant timestamp) {
        return (from == null || !timestamp.isBefore(from)) && (until == null || !timestamp.isAfter(until));
    }

    private boolean keyMatches(String actual) {
        if (key == null) {
            return true;
        }
        return actual != null && (keyMatch == KeyMatch.EXACT ? actual.equals(key) : actual.contains(key));
    }

    private boolean headerMatches(BrowsedMessage message) {
        if (headerName == null) {
            return true;
        }
        return message.headers().stream().anyMatch(h -> h.name().equals(headerName)
                && (headerValue == null || h.text().equals(headerValue)));
    }

    private boolean textMatches(BrowsedMessage message) {
        if (text == null) {
            return true;
        }
        if (!byteSearchable(text)) {
            String key = message.keyText();
            return utf8(message.value()).contains(text) || (key != null && key.contains(text))
                    || message.headers().stream().anyMatch(h -> h.text().contains(text));
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        if (contains(message.value(), needle) || (message.key() != null && contains(message.key(), needle))) {
            return true;
        }
        for (BrowsedMessage.Header header : message.headers()) {
            if (contains(header.value(), needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the UTF-8 bytes of {@code text} are found exactly where the decoded text contains it,
     * so that a scan need not decode each payload: no character of the text stands for undecodable
     * bytes (U+FFFD) or is half a surrogate pair. A UTF-8 sequence never starts with a continuation
     * byte, so bytes before the match cannot swallow its first byte.
     */
    private static boolean byteSearchable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return true;
        }
        byte first = needle[0];
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            if (haystack[i] == first && java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private boolean regexMatches(byte[] value) {
        if (regex == null) {
            return true;
        }
        try {
            return regex.matcher(new TimedText(utf8(value), System.nanoTime() + REGEX_BUDGET_MS * 1_000_000)).find();
        } catch (TimedText.OutOfTime e) {
            return false;
        }
    }

    private boolean jsonMatches(byte[] value) {
        if (jsonPath == null) {
            return true;
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return false;
        }
        for (String field : jsonPath) {
            if (node == null) {
                return false;
            }
            node = node.isArray() && field.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(field))
                    : node.get(field);
        }
        if (node == null || node.isMissingNode()) {
            return false;
        }
        return jsonValue == null || (node.isTextual() ? node.textValue() : node.toString()).equals(jsonValue);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Text that stops a regular expression once its time is up: the matcher reads every character through it. */
    private static final class TimedText implements CharSequence {

        static final class OutOfTime extends RuntimeException {
            OutOfTime() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long deadlineNanos;
        private int reads;

        TimedText(String text, long deadlineNanos) {
            this.text = text;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            // Backtracking reads the same characters over and over; every 4096th read checks the clock.
            if ((++reads & 4095) == 0 && System.nanoTime() > deadlineNanos) {
                throw new OutOfTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new TimedText(text.substring(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
