package io.weir.broker.log;

/**
 * A stored record failed validation (length out of bounds, CRC32C mismatch, unknown version, an
 * offset out of sequence or fields that do not add up to the length). Thrown by reads instead of
 * returning the damaged data; the log stays usable for other offsets. Recovery catches it
 * internally to find where a torn write begins.
 */
public class CorruptRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }
}
