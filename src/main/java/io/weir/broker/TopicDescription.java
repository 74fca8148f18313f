package io.weir.broker;

import java.util.List;

/** A topic's configuration and the current extent of each partition. */
public record TopicDescription(String name, TopicConfig config, List<PartitionDescription> partitions) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
    }

    public long messages() {
        return partitions.stream().mapToLong(PartitionDescription::messages).sum();
    }

    public long sizeBytes() {
        return partitions.stream().mapToLong(PartitionDescription::sizeBytes).sum();
    }
}
