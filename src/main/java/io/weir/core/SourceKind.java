package io.weir.core;

/** The kinds of broker Weir can watch; the configuration value is the lower-case name. */
public enum SourceKind {
    KAFKA("Kafka"),
    RABBITMQ("RabbitMQ"),
    BUILTIN("Built-in broker");

    private final String displayName;

    SourceKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The value used in configuration and in metric labels, e.g. {@code kafka}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
