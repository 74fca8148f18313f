package io.weir.operations.browse;

import io.weir.operations.browse.BrowseRequest.Order;
import io.weir.sources.MessageReader;
import io.weir.sources.MessageReader.PartitionRange;
import io.weir.sources.SourceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a browse starts and ends in each partition it reads. Oldest first reads from {@code start}
 * up to {@code bound} (exclusive); newest first reads backwards from {@code start} (exclusive) down
 * to {@code bound}. Both stay within the partition's offsets when the reader was opened, so a scan
 * ends even while producers keep writing. A time range narrows the range by the brokers' time
 * indexes (first offset at or after a time); the filter still tests each message's timestamp, as
 * timestamps need not grow with offsets.
 */
final class ScanStart {

    record Range(int partition, long start, long bound) {
    }

    private ScanStart() {
    }

    static List<Range> ranges(MessageReader reader, BrowseRequest request)
            throws SourceUnavailableException, InterruptedException {
        List<PartitionRange> partitions = reader.partitions();
        if (request.partition() != null) {
            partitions = partitions.stream().filter(p -> p.partition() == request.partition()).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("partition " + request.partition() + " does not exist: the topic has "
                        + reader.partitions().size() + " (0 to " + (reader.partitions().size() - 1) + ")");
            }
        }
        MessageFilter filter = request.filter();
        Map<Integer, Long> atFrom = filter.from() == null ? null : reader.offsetsAt(filter.from());
        // Messages stamped exactly at "until" are in range: the range ends at the first offset after it.
        Map<Integer, Long> afterUntil = filter.until() == null ? null : reader.offsetsAt(filter.until().plusMillis(1));
        boolean newestFirst = request.order() == Order.NEWEST_FIRST;
        List<Range> ranges = new ArrayList<>();
        for (PartitionRange p : partitions) {
            long low = atFrom == null ? p.startOffset() : clamp(atFrom.get(p.partition()), p);
            long high = afterUntil == null ? p.endOffset() : clamp(afterUntil.get(p.partition()), p);
            Long given = request.position() != null ? request.position().get(p.partition())
                    : request.offset() == null ? null : newestFirst ? request.offset() + 1 : request.offset();
            if (request.position() != null && given == null) {
                // A page token without this partition: the previous page had already finished it.
                given = newestFirst ? low : high;
            }
            if (newestFirst) {
                ranges.add(new Range(p.partition(), given == null ? high : Math.max(low, Math.min(high, given)), low));
            } else {
                ranges.add(new Range(p.partition(), given == null ? low : Math.max(low, Math.min(high, given)), high));
            }
        }
        return ranges;
    }

    private static long clamp(long offset, PartitionRange p) {
        return Math.max(p.startOffset(), Math.min(p.endOffset(), offset));
    }
}
