package io.weir.broker;

/**
 * One partition of a topic as it is now.
 *
 * @param startOffset oldest offset still stored (retention moves it up)
 * @param endOffset offset the next message will get
 * @param sizeBytes bytes of the partition's segment files
 * @param storageFailed its log hit a write or fsync error: it accepts no publishes until the
 *     broker is reopened (reads of acknowledged messages still work)
 */
public record PartitionDescription(int partition, long startOffset, long endOffset, long sizeBytes,
        boolean storageFailed) {

    public long messages() {
        return endOffset - startOffset;
    }
}
