package io.weir.broker.log;

/**
 * When a {@link PartitionLog} forces appended records to stable storage, and therefore what an
 * acknowledged append survives.
 */
public enum FlushPolicy {

    /**
     * Every {@code append} call forces the file before it returns. Survives a power failure; costs
     * one fsync per append call, so throughput is bounded by the disk's fsync latency.
     */
    PER_MESSAGE,

    /**
     * Appends from all threads share fsyncs: the first waiting appender issues one fsync covering
     * everything written so far (after at most {@code groupCommitMaxDelay}, or once
     * {@code groupCommitMaxBytes} are pending) while the others wait for it. An append
     * returns only after the fsync covering its records succeeded, so it survives a power failure
     * like {@link #PER_MESSAGE}, at the price of up to {@code groupCommitMaxDelay} extra latency.
     */
    GROUP_COMMIT,

    /**
     * Never fsyncs; leaves write-back to the operating system. Acknowledged records survive a crash
     * of the JVM but are lost on a power failure or kernel crash (typically the last few seconds).
     */
    OS
}
