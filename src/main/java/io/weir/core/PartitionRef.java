package io.weir.core;

import java.util.Comparator;
import java.util.Objects;

/** One partition of a topic, by name and number; ordered by topic, then partition. */
public record PartitionRef(String topic, int partition) implements Comparable<PartitionRef> {

    private static final Comparator<PartitionRef> ORDER =
            Comparator.comparing(PartitionRef::topic).thenComparingInt(PartitionRef::partition);

    public PartitionRef {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("a partition number is never negative: " + partition);
        }
    }

    @Override
    public int compareTo(PartitionRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
