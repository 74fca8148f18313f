package io.weir.broker.log;

/**
 * The log could not make appended data durable (an fsync or write failed) and has stopped
 * accepting appends. Records whose append failed with this exception are not acknowledged: they
 * may or may not be found after a restart. After an fsync error the page cache may already have
 * dropped the dirty pages, so retrying the fsync proves nothing; only reopening the log, which
 * re-validates the files, restores service.
 */
public class StorageFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
