package io.weir.operations.browse;

/** A browse that could not run, with the reason in words for an operator. */
public class BrowseException extends Exception {

    /** What kind of failure; the API answers each with its own status. */
    public enum Reason { UNKNOWN_SOURCE, UNKNOWN_QUEUE, NOT_SUPPORTED, BAD_REQUEST, UNAVAILABLE,
        /** The reader's role may not do this here (a payload filter on a topic whose payloads are hidden). */
        REFUSED }

    private final Reason reason;

    public BrowseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BrowseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
