package io.weir.cluster;

/**
 * A write that only the leader may make was refused: this replica is not the leader, or the
 * lease it held has expired or been taken over (its epoch is stale). The transaction is rolled
 * back; the caller drops the work, the new leader does it.
 */
public class LeaseLostException extends RuntimeException {

    LeaseLostException(String message) {
        super(message);
    }
}
