package io.weir.core;

import java.util.List;

/**
 * One partition of a topic. A queue (RabbitMQ) has no partitions.
 *
 * @param partition the partition number
 * @param startOffset the first offset still in the log
 * @param endOffset the offset the next message will get (log end)
 * @param leader the leader node id, {@code null} when offline or unknown
 * @param replicas replica node ids
 * @param inSyncReplicas in-sync replica node ids
 */
public record PartitionSnapshot(int partition, long startOffset, long endOffset, Integer leader,
        List<Integer> replicas, List<Integer> inSyncReplicas) {

    public PartitionSnapshot {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
    }

    /** Messages in the log: end minus start. */
    public long messages() {
        return Math.max(0, endOffset - startOffset);
    }
}
