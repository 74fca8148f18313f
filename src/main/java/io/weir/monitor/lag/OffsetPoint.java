package io.weir.monitor.lag;

import java.time.Instant;

/** One recorded value of a series: an end offset, a committed offset, a lag or a backlog. */
record OffsetPoint(Instant at, long offset) {
}
