package io.weir.monitor.history;

/** One value of a series at one time (milliseconds since the epoch). */
public record Sample(long timeMillis, double value) {
}
