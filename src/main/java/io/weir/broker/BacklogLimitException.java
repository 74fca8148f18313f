package io.weir.broker;

/**
 * A publish was refused because its topic holds as many messages or bytes as its configuration
 * allows. Nothing of the refused call was stored; everything accepted earlier stays. The producer
 * may retry later, once retention has made room.
 */
public class BacklogLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public BacklogLimitException(String topic, String detail) {
        super("topic " + topic + " is full: " + detail);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
