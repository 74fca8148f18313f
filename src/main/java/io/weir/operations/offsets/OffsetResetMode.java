package io.weir.operations.offsets;

/**
 * Where an offset reset moves a group, the modes of {@code kafka-consumer-groups --reset-offsets}
 * plus copying another group's position. Every target is clamped to what is stored.
 */
public enum OffsetResetMode {
    /** The oldest stored message. */
    TO_EARLIEST,
    /** The end: only messages published from now on. */
    TO_LATEST,
    /** Where the group is now (re-commits it; a partition without a commit stays without). */
    TO_CURRENT,
    /** The first message stamped at or after {@code dateTime}. */
    TO_DATETIME,
    /** The first message stamped at or after now minus {@code duration}. */
    BY_DURATION,
    /** The current position plus {@code shift} (negative to rewind). */
    SHIFT_BY,
    /** Exactly {@code offset} in every partition of the scope. */
    TO_OFFSET,
    /** The offsets of a CSV file of {@code topic,partition,offset} lines (the format the plan exports). */
    FROM_FILE,
    /** The committed offsets of {@code fromGroup}, where it has them. */
    FROM_GROUP;

    /** The name used in the API and the UI: {@code to-earliest}, {@code from-file}, ... */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The mode of an {@link #apiName()}; IllegalArgumentException naming the valid ones otherwise. */
    public static OffsetResetMode ofApiName(String name) {
        for (OffsetResetMode mode : values()) {
            if (mode.apiName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; use one of " + apiNames());
    }

    /** Every mode's {@link #apiName()}, in declaration order. */
    public static java.util.List<String> apiNames() {
        return java.util.Arrays.stream(values()).map(OffsetResetMode::apiName).toList();
    }
}
