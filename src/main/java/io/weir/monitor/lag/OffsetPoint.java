package io.weir.monitor.lag;

import java.time.Instant;

/**
 * One recorded value of a series: an end offset, a committed offset, a lag or a backlog. The time
 * is kept in epoch milliseconds, not as an {@link Instant}: the consumer checks copy every
 * partition's points at every poll, and an object per time doubled what they allocate.
 */
record OffsetPoint(long atMillis, long offset) {

    OffsetPoint(Instant at, long offset) {
        this(at.toEpochMilli(), offset);
    }

    Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }
}
