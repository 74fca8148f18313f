package io.weir.operations;

/**
 * An operation that cannot be done, with a message for the operator that says what happened and
 * what to do. The REST API answers it with the status of its {@link Kind}.
 */
public class OperationException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No such source, or it cannot do this kind of operation. 404. */
        NOT_FOUND,
        /** The request is wrong (a missing parameter, a malformed file). 400. */
        INVALID,
        /** A rule forbids it now: a read-only source, active members. 409. */
        REFUSED,
        /** The user's role does not allow it (a purge by someone who is not an admin). 403. */
        FORBIDDEN,
        /** The broker could not be reached or failed. 503. */
        UNAVAILABLE
    }

    private final Kind kind;

    public OperationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OperationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
