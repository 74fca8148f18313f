package io.weir.broker;

/** The named consumer group does not exist on the topic (or was deleted). */
public class UnknownGroupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownGroupException(String topic, String group) {
        super("no group " + group + " on topic " + topic);
    }
}
