package io.weir.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall times of repeated runs of one thing, in nanoseconds, with their median and maximum. */
record Timings(List<Long> nanos) {

    Timings {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        nanos = List.copyOf(nanos);
    }

    /** The middle run; for an even count, the mean of the two middle runs. */
    double medianMillis() {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        double middle = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return middle / 1e6;
    }

    double maxMillis() {
        return Collections.max(nanos) / 1e6;
    }

    /** Every run in milliseconds, in run order, e.g. {@code 812, 790, 805}. */
    String runsMillis() {
        return String.join(", ", nanos.stream().map(n -> String.valueOf(Math.round(n / 1e6))).toList());
    }
}
