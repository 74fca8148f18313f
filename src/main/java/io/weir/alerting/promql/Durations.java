package io.weir.alerting.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations: units y (365 days), w, d, h, m, s, ms, largest first, each at most once,
 * e.g. {@code 5m}, {@code 1h30m}.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000L, 60_000L, 1000L, 1L};

    private Durations() {
    }

    public static boolean isDuration(String text) {
        return !text.isEmpty() && DURATION.matcher(text).matches();
    }

    /** The duration in milliseconds; the text must be a duration. */
    public static long millis(String text) {
        Matcher parts = DURATION.matcher(text);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long total = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            if (parts.group(unit + 1) != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(parts.group(unit + 1)), UNIT_MILLIS[unit]));
            }
        }
        return total;
    }
}
