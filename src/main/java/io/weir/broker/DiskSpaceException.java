package io.weir.broker;

/**
 * A publish was refused because the broker's disk has less free space than its limit
 * ({@link BrokerConfig#minFreeDiskBytes()}). Nothing of the refused call was stored; everything
 * accepted earlier stays. Unlike a topic's {@link BacklogLimitException}, the remedy is on the
 * machine: free disk space, then publish again.
 */
public class DiskSpaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DiskSpaceException(String topic, String detail) {
        super("topic " + topic + " refuses publishes: " + detail);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
