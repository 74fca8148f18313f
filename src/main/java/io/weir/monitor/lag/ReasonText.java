package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Numbers, durations and times as the status reasons write them: "4,210", "6 min", "10:04:12
 * UTC". Times are in UTC because the reason is computed once and read in many places.
 */
final class ReasonText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReasonText() {
    }

    static String count(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }

    /** Whole seconds under a minute, whole minutes under an hour, then hours and minutes. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        long minutes = seconds / 60 % 60;
        return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** "orders-3", or "orders-3 (and 2 more partitions)" when a check fires on several. */
    static String partitions(List<PartitionWindow> partitions) {
        String first = partitions.get(0).name();
        int more = partitions.size() - 1;
        return more == 0 ? first : first + " (and " + more + " more partition" + (more == 1 ? "" : "s") + ")";
    }
}
