package io.weir.monitor.lag;

import java.util.Objects;

/** A consumer group's position in one partition of one source: the key of its commit history. */
public record GroupPartitionKey(String source, String group, String topic, int partition) {

    public GroupPartitionKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
    }

    /** The partition whose end offsets this position is measured against. */
    public PartitionKey partitionKey() {
        return new PartitionKey(source, topic, partition);
    }
}
