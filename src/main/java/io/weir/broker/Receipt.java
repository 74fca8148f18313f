package io.weir.broker;

import java.util.Objects;

/**
 * Identifies one delivery of a message to a shared-mode consumer; acknowledging or rejecting a
 * message takes the receipt of its latest delivery. The string form ({@link #toString()}, parsed
 * by {@link #parse}) is {@code topic/group/partition/offset/attempt} and is safe in a URL path
 * segment once encoded.
 */
public record Receipt(String topic, String group, int partition, long offset, int attempt) {

    public Receipt {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
    }

    /** @throws IllegalArgumentException if {@code text} is not a receipt's string form */
    public static Receipt parse(String text) {
        String[] parts = text.split("/");
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a receipt: " + text);
        }
        try {
            return new Receipt(parts[0], parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
                    Integer.parseInt(parts[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a receipt: " + text, e);
        }
    }

    @Override
    public String toString() {
        return topic + "/" + group + "/" + partition + "/" + offset + "/" + attempt;
    }
}
