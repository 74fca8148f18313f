package io.weir.operations.offsets;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators type them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}, or ISO-8601 {@code PT1H}. */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException saying which forms are accepted */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration must be like 90s, 15m, 1h, 2d or PT1H, not '" + text + "'");
        }
    }
}
