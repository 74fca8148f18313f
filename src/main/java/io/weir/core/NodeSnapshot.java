package io.weir.core;

import java.util.List;

/**
 * One broker node as its cluster reports it. Usage figures are {@code -1} when the broker kind
 * does not report them.
 *
 * @param id the node's id or name
 * @param host where the node listens, if known
 * @param up whether the node is running and reachable by the cluster
 * @param alarms active resource alarms in words, e.g. {@code "memory"}, {@code "disk"}
 * @param memoryUsedBytes memory in use
 * @param memoryLimitBytes memory the broker may use before it blocks publishers
 * @param diskFreeBytes free disk space
 * @param diskFreeLimitBytes free space below which the broker blocks publishers
 * @param fileDescriptorsUsed open file descriptors
 * @param fileDescriptorsLimit file descriptor limit
 * @param socketsUsed open sockets
 * @param socketsLimit socket limit
 */
public record NodeSnapshot(
        String id,
        String host,
        boolean up,
        List<String> alarms,
        long memoryUsedBytes,
        long memoryLimitBytes,
        long diskFreeBytes,
        long diskFreeLimitBytes,
        long fileDescriptorsUsed,
        long fileDescriptorsLimit,
        long socketsUsed,
        long socketsLimit) {

    public NodeSnapshot {
        alarms = List.copyOf(alarms);
    }

    /** A node of a broker kind that reports no resource figures (Kafka over the admin API). */
    public static NodeSnapshot basic(String id, String host, boolean up) {
        return new NodeSnapshot(id, host, up, List.of(), -1, -1, -1, -1, -1, -1, -1, -1);
    }
}
