package io.weir.core;

/**
 * What a broker says about itself when it answers: its identity, version and size.
 *
 * @param clusterId the broker's own cluster id or name, or {@code null} if it has none
 * @param version the broker software version as the broker reports it
 * @param nodeCount nodes (brokers) currently in the cluster
 */
public record ClusterOverview(String clusterId, String version, int nodeCount) {
}
