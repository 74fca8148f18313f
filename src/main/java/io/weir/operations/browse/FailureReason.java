package io.weir.operations.browse;

import java.util.regex.Pattern;

/**
 * Groups dead letters by why they failed: the error text with what differs from one message to
 * the next (IDs, numbers, quoted values) replaced, so 40,000 dead letters read as a few causes.
 */
public final class FailureReason {

    /** The group of messages whose dead-lettering gave no reason. */
    public static final String UNKNOWN = "(no reason given)";

    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** Hex strings with at least one digit and one letter, 8 characters or more: hashes, object IDs. */
    private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private FailureReason() {
    }

    /** The reason's group: {@code "order 4711 not found"} and {@code "order 12 not found"} both give {@code "order # not found"}. */
    public static String of(String reason) {
        if (reason == null || reason.isBlank()) {
            return UNKNOWN;
        }
        String text = UUID.matcher(reason).replaceAll("<id>");
        text = HEX_ID.matcher(text).replaceAll("<id>");
        text = QUOTED.matcher(text).replaceAll("'…'");
        text = NUMBER.matcher(text).replaceAll("#");
        text = SPACES.matcher(text).replaceAll(" ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
