package io.weir.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers and times read on every page: with units, relative and absolute. */
public final class HumanFormat {

    private static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private HumanFormat() {
    }

    /** {@code "12 s ago"}, {@code "4 min ago"}, {@code "3 h ago"}, {@code "2 d ago"}. */
    public static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return duration(age) + " ago";
    }

    /** {@code "850 ms"}, {@code "12 s"}, {@code "4 min"}, {@code "3 h 5 min"}, {@code "2 d 4 h"}. */
    public static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return d.toDays() + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    /**
     * To the second, for a figure compared with a threshold (an alert's value): {@code "850 ms"},
     * {@code "9 min 50 s"}, {@code "2 h 5 min 3 s"}, {@code "3 d 4 h"} (days drop minutes and seconds).
     */
    public static String exactDuration(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        long seconds = d.toSeconds();
        if (seconds >= 86400) {
            return duration(d);
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append(" h ");
        }
        if (seconds >= 60 && seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append(" min ");
        }
        if (seconds % 60 > 0) {
            text.append(seconds % 60).append(" s");
        }
        return text.toString().trim();
    }

    /** The local date and time with zone, e.g. {@code "2026-11-28 08:15:02 UTC"}. */
    public static String absolute(Instant instant) {
        return ABSOLUTE.format(instant);
    }

    /** {@code "950"}, {@code "12.3k"}, {@code "4.5M"}, {@code "1.2G"}. */
    public static String count(long n) {
        if (Math.abs(n) < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double value = n;
        int unit = -1;
        while (Math.abs(value) >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 100 ? "%.1f%s" : "%.0f%s", value, units[unit]);
    }

    /** {@code "0/s"}, {@code "2.5/s"}, {@code "1.2k/s"}. */
    public static String rate(double perSecond) {
        if (perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f/s", perSecond).replace(".0/s", "/s");
        }
        return count(Math.round(perSecond)) + "/s";
    }

    /**
     * {@code "512 B"}, {@code "3.4 MiB"}, {@code "1.2 GiB"}: powers of 1024, as brokers set their
     * limits (RabbitMQ's disk and memory, the built-in broker's {@code min-free-disk-bytes}), so a
     * figure and the limit it is compared with read alike.
     */
    public static String bytes(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = String.format(Locale.ROOT, Math.abs(value) < 100 ? "%.1f" : "%.0f", value);
        return number.replace(".0", "") + " " + units[unit];
    }

    /** {@code "growing 12/s"}, {@code "shrinking 3.5/s"} or {@code "steady"}. */
    public static String growth(double messagesPerSecond) {
        if (Math.abs(messagesPerSecond) < 0.05) {
            return "steady";
        }
        return (messagesPerSecond > 0 ? "growing " : "shrinking ") + rate(Math.abs(messagesPerSecond));
    }
}
