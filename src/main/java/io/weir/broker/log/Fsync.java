package io.weir.broker.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Forces a segment file's data to stable storage. Production uses {@link #DATA}; tests substitute
 * a failing or slow variant to exercise the failure path without a mock framework. Public only so
 * that the broker's failure tests can hand a substitute down to its partition logs.
 */
@FunctionalInterface
public interface Fsync {

    /** {@code force(false)}: the data and the file size, not the modification time. */
    Fsync DATA = channel -> channel.force(false);

    void force(FileChannel channel) throws IOException;
}
