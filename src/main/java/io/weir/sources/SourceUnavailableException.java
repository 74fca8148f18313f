package io.weir.sources;

/** A broker could not be read; the message says why in words an operator can act on. */
public class SourceUnavailableException extends Exception {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
