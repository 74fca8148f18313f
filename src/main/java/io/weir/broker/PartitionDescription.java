package io.weir.broker;

/**
 * One partition of a topic as it is now.
 *
 * @param startOffset oldest offset still stored (retention moves it up)
 * @param endOffset offset the next message will get
 * @param sizeBytes bytes of the partition's segment files
 */
public record PartitionDescription(int partition, long startOffset, long endOffset, long sizeBytes) {

    public long messages() {
        return endOffset - startOffset;
    }
}
