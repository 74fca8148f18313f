package io.weir.core;

/** The kinds of broker Weir can watch; the configuration value is the lower-case name. */
public enum SourceKind {
    KAFKA("Kafka", true),
    RABBITMQ("RabbitMQ", false),
    BUILTIN("Built-in broker", false);

    private final String displayName;
    private final boolean replicated;

    SourceKind(String displayName, boolean replicated) {
        this.displayName = displayName;
        this.replicated = replicated;
    }

    /**
     * Whether partitions have a leader and replicas on the cluster's nodes (Kafka). The built-in
     * broker keeps one copy of each partition in this process, so leader and replicas say nothing.
     */
    public boolean replicated() {
        return replicated;
    }

    public String displayName() {
        return displayName;
    }

    /** The value used in configuration and in metric labels, e.g. {@code kafka}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
