package io.weir.monitor.lag;

import java.util.Objects;

/** One partition of a topic in one source: the key of its end-offset history. */
public record PartitionKey(String source, String topic, int partition) {

    public PartitionKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
    }
}
