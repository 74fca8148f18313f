package io.weir.broker.log;

import java.util.List;
import java.util.stream.LongStream;

/**
 * The offsets an append assigned: one append's records always get contiguous offsets.
 *
 * @param baseOffset offset of the first appended record
 * @param recordCount number of records appended
 */
public record AppendResult(long baseOffset, int recordCount) {

    public long lastOffset() {
        return baseOffset + recordCount - 1;
    }

    public List<Long> offsets() {
        return LongStream.range(baseOffset, baseOffset + recordCount).boxed().toList();
    }
}
