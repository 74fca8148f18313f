package io.weir.broker;

/** The named topic does not exist (or was deleted). */
public class UnknownTopicException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownTopicException(String topic) {
        super("no topic " + topic);
    }
}
