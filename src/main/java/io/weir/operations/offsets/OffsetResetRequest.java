package io.weir.operations.offsets;

import io.weir.core.PartitionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An offset reset as asked for: which group, how, and over which partitions. Only the parameter
 * of the mode is used ({@code dateTime} for {@code TO_DATETIME}, ...).
 *
 * @param topics     only these topics; empty with empty {@code partitions}: every topic the group has commits on
 * @param partitions only these partitions (their topics join {@code topics})
 * @param csv        {@code FROM_FILE}: lines of {@code topic,partition,offset}, an optional header line first
 */
public record OffsetResetRequest(String source, String group, OffsetResetMode mode, Set<String> topics,
        Set<PartitionRef> partitions, Instant dateTime, Duration duration, Long shift, Long offset, String csv,
        String fromGroup) {

    public OffsetResetRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mode, "mode");
        topics = topics == null ? Set.of() : Set.copyOf(topics);
        partitions = partitions == null ? Set.of() : Set.copyOf(partitions);
        String missing = switch (mode) {
            case TO_DATETIME -> dateTime == null ? "dateTime" : null;
            case BY_DURATION -> duration == null ? "duration" : null;
            case SHIFT_BY -> shift == null ? "shift" : null;
            case TO_OFFSET -> offset == null ? "offset" : null;
            case FROM_FILE -> csv == null || csv.isBlank() ? "csv" : null;
            case FROM_GROUP -> fromGroup == null || fromGroup.isBlank() ? "fromGroup" : null;
            default -> null;
        };
        if (missing != null) {
            throw new IllegalArgumentException("mode " + mode.apiName() + " needs " + missing);
        }
        if (mode == OffsetResetMode.BY_DURATION && duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: it is how far back from now");
        }
        if (mode == OffsetResetMode.TO_OFFSET && offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** A request of mode {@code mode} with no parameter, over every topic of the group. */
    public static OffsetResetRequest of(String source, String group, OffsetResetMode mode) {
        return new OffsetResetRequest(source, group, mode, Set.of(), Set.of(), null, null, null, null, null, null);
    }
}
