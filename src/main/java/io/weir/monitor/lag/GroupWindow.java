package io.weir.monitor.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the consumer checks look at for one group: its latest member count and, per
 * partition it has offsets in, the recent window of points.
 *
 * @param group the group id
 * @param members consumers in the group at the latest snapshot
 * @param now the time of the latest snapshot
 * @param window how far back the history reaches at most
 * @param partitions one entry per partition the group has offsets in (committed or not)
 * @param deadLetters the group's dead-letter queue and what it holds at the latest snapshot;
 *     {@code null} when the group has none, or the snapshot did not list it
 */
record GroupWindow(String group, int members, Instant now, Duration window, List<PartitionWindow> partitions,
        DeadLetters deadLetters) {

    /** A group's dead-letter queue by qualified name, and the messages in it. */
    record DeadLetters(String queue, long messages) {
    }

    /** A group without a dead-letter queue. */
    GroupWindow(String group, int members, Instant now, Duration window, List<PartitionWindow> partitions) {
        this(group, members, now, window, partitions, null);
    }

    GroupWindow {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(window, "window");
        partitions = List.copyOf(partitions);
    }
}
