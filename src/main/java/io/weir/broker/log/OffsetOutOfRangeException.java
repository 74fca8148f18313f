package io.weir.broker.log;

/**
 * A read asked for an offset outside {@code [startOffset, endOffset]}: below the start (deleted by
 * retention) or beyond the end. Consumers react by resetting their position.
 */
public class OffsetOutOfRangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long startOffset;
    private final long endOffset;

    public OffsetOutOfRangeException(long requested, long startOffset, long endOffset) {
        super("offset " + requested + " is outside the log [" + startOffset + ", " + endOffset + "]");
        this.requested = requested;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
    }

    public long requested() {
        return requested;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return endOffset;
    }
}
