package io.weir.broker.log;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The segments of one log in offset order: finding the segment of an offset, reading across
 * segment boundaries, deleting from the oldest end. Readers iterate a weakly consistent view, so
 * they run while the writer adds segments and retention removes them; a reader that reaches a
 * segment deleted under it gets a {@link java.nio.channels.ClosedChannelException}.
 */
final class Segments {

    private final ConcurrentSkipListMap<Long, Segment> byBaseOffset = new ConcurrentSkipListMap<>();

    void add(Segment segment) {
        byBaseOffset.put(segment.baseOffset(), segment);
    }

    Iterable<Segment> all() {
        return byBaseOffset.values();
    }

    int count() {
        return byBaseOffset.size();
    }

    long startOffset() {
        return byBaseOffset.firstKey();
    }

    long sizeBytes() {
        return byBaseOffset.values().stream().mapToLong(Segment::sizeBytes).sum();
    }

    /**
     * Appends to {@code out} the records from {@code from} below {@code end}, within the record
     * and byte budgets (see {@link Segment#read}). {@code from} must not be below the start.
     */
    void read(long from, long end, int maxRecords, long maxBytes, List<LogRecord> out) throws IOException {
        long bytes = 0;
        for (Segment segment : byBaseOffset.tailMap(byBaseOffset.floorKey(from)).values()) {
            if (out.size() >= maxRecords || segment.baseOffset() >= end) {
                return;
            }
            bytes += segment.read(from, end, maxRecords, maxBytes - bytes, out);
            long segmentEnd = Math.min(end, segment.nextOffset());
            if (!out.isEmpty() && out.get(out.size() - 1).offset() + 1 < segmentEnd) {
                return; // stopped by the byte budget; going on would skip records
            }
        }
    }

    /** First offset below {@code end} stamped at or after {@code millis}, or {@code end}. */
    long findOffsetByTimestamp(long millis, long end) throws IOException {
        for (Segment segment : byBaseOffset.values()) {
            if (segment.baseOffset() >= end) {
                break;
            }
            long offset = segment.findOffsetByTimestamp(millis, end);
            if (offset >= 0) {
                return offset;
            }
        }
        return end;
    }

    /**
     * Deletes segments from the oldest on while {@code expired} says so, stopping at the first
     * that is active or holds offsets at or beyond {@code endOffset} (so the start never passes
     * the end). Caller holds the writer lock.
     *
     * @return number of segments deleted
     */
    int deleteOldest(Segment active, long endOffset, Predicate<Segment> expired) throws IOException {
        int deleted = 0;
        for (Segment segment : byBaseOffset.values()) {
            if (segment == active || segment.nextOffset() > endOffset || !expired.test(segment)) {
                break;
            }
            byBaseOffset.remove(segment.baseOffset()); // first, so new readers no longer find it
            segment.delete();
            deleted++;
        }
        return deleted;
    }

    void closeAll() throws IOException {
        IOException first = null;
        for (Segment segment : byBaseOffset.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
