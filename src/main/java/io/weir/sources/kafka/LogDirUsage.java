package io.weir.sources.kafka;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code describeLogDirs} said about every broker's log directories: the bytes each replica
 * holds and the free space. Log directories that report an error (an offline disk) are left out,
 * as are future replicas (the copy a reassignment between directories is still writing).
 */
final class LogDirUsage {

    private final Map<Integer, Map<String, LogDirDescription>> byBroker;

    LogDirUsage(Map<Integer, Map<String, LogDirDescription>> byBroker) {
        this.byBroker = Map.copyOf(byBroker);
    }

    /** Bytes of {@code partition}'s replica on {@code broker}, or empty when that broker does not hold it. */
    OptionalLong replicaBytes(int broker, TopicPartition partition) {
        for (LogDirDescription dir : healthyDirs(broker)) {
            ReplicaInfo replica = dir.replicaInfos().get(partition);
            if (replica != null && !replica.isFuture()) {
                return OptionalLong.of(replica.size());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Free bytes over all of {@code broker}'s log directories, or -1 when the broker does not
     * report it (before Kafka 3.3). Directories sharing one file system would be counted twice;
     * Kafka cannot tell, and separate disks per directory is the usual reason to have several.
     */
    long usableBytes(int broker) {
        long total = 0;
        boolean known = false;
        for (LogDirDescription dir : healthyDirs(broker)) {
            OptionalLong usable = dir.usableBytes();
            if (usable.isPresent()) {
                total += usable.getAsLong();
                known = true;
            }
        }
        return known ? total : -1;
    }

    private Iterable<LogDirDescription> healthyDirs(int broker) {
        return byBroker.getOrDefault(broker, Map.of()).values().stream().filter(dir -> dir.error() == null)::iterator;
    }
}
