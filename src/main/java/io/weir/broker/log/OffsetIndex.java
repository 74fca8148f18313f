package io.weir.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sparse index of one segment: an entry roughly every {@code indexIntervalBytes} of log,
 * mapping an offset to the file position of its record, plus the largest timestamp of all records
 * before it (which makes timestamp lookups a binary search although producer timestamps need not be
 * ordered). Position 0 / the base offset is implied and never stored.
 *
 * <p>The index is a cache. It lives in memory; a closed segment's index is also written to
 * {@code <baseOffset>.index} so that opening a log need not rescan closed segments. That file is
 * written to a temporary name and renamed, but deliberately not fsynced: after a crash it may be
 * missing, empty or stale, and {@link #read} rejects all of those (entry count and CRC32C trailer,
 * increasing offsets and positions inside the log) so the segment is rescanned instead.
 *
 * <p>Thread-safe: one writer adds entries while readers look them up without locking.
 */
final class OffsetIndex {

    /** One entry on disk: relative offset int, position int, max timestamp before long. */
    static final int ENTRY_BYTES = 16;
    /** After the entries: entry count int, CRC32C of the entry bytes int. */
    static final int TRAILER_BYTES = 8;

    /** A point in the segment where a scan may start. */
    record Entry(long offset, int position, long maxTimestampBefore) {
    }

    /**
     * The entries readers see: the first {@code count} of the arrays, which the writer never
     * changes once published. The writer fills slots beyond {@code count}, then publishes a new
     * snapshot, so a lookup takes no lock and never waits for a writer that was descheduled
     * while holding one.
     */
    private record Entries(int[] relativeOffsets, int[] positions, long[] maxTimestampsBefore, int count) {
    }

    private final long baseOffset;
    private volatile Entries entries = new Entries(new int[64], new int[64], new long[64], 0);

    OffsetIndex(long baseOffset) {
        this.baseOffset = baseOffset;
    }

    /** Adds an entry; offsets and positions must increase. One writer at a time. */
    synchronized void add(long offset, int position, long maxTimestampBefore) {
        Entries current = entries;
        int count = current.count();
        Entries next = current;
        if (count == current.positions().length) {
            next = new Entries(Arrays.copyOf(current.relativeOffsets(), count * 2),
                    Arrays.copyOf(current.positions(), count * 2),
                    Arrays.copyOf(current.maxTimestampsBefore(), count * 2), count);
        }
        next.relativeOffsets()[count] = Math.toIntExact(offset - baseOffset);
        next.positions()[count] = position;
        next.maxTimestampsBefore()[count] = maxTimestampBefore;
        entries = new Entries(next.relativeOffsets(), next.positions(), next.maxTimestampsBefore(), count + 1);
    }

    /** The last entry at or before {@code offset}, or the segment start. */
    Entry floor(long offset) {
        Entries e = entries;
        int low = 0;
        int high = e.count() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (baseOffset + e.relativeOffsets()[mid] <= offset) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return entry(e, found);
    }

    /**
     * The last entry before which every record is older than {@code timestampMillis}: the first
     * record at or after that time lies at or after this entry.
     */
    Entry lastEntirelyOlderThan(long timestampMillis) {
        Entries e = entries;
        int low = 0;
        int high = e.count() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (e.maxTimestampsBefore()[mid] < timestampMillis) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return entry(e, found);
    }

    Entry last() {
        Entries e = entries;
        return entry(e, e.count() - 1);
    }

    int entryCount() {
        return entries.count();
    }

    private Entry entry(Entries e, int i) {
        return i < 0 ? new Entry(baseOffset, 0, Long.MIN_VALUE)
                : new Entry(baseOffset + e.relativeOffsets()[i], e.positions()[i], e.maxTimestampsBefore()[i]);
    }

    /** Replaces {@code file} atomically with this index. Not fsynced: see the class comment. */
    void write(Path file) throws IOException {
        Entries e = entries;
        int count = e.count();
        ByteBuffer buffer = ByteBuffer.allocate(count * ENTRY_BYTES + TRAILER_BYTES);
        for (int i = 0; i < count; i++) {
            buffer.putInt(e.relativeOffsets()[i]).putInt(e.positions()[i]).putLong(e.maxTimestampsBefore()[i]);
        }
        buffer.putInt(count).putInt(RecordFormat.crcOf(buffer.array(), 0, count * ENTRY_BYTES)).flip();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Loads an index file written by {@link #write}.
     *
     * @param logBytes size of the segment's log file; every position must lie inside it
     * @throws CorruptRecordException if the file is truncated, garbage or inconsistent
     * @throws java.nio.file.NoSuchFileException if there is none
     */
    static OffsetIndex read(Path file, long baseOffset, long logBytes) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < TRAILER_BYTES || (bytes.length - TRAILER_BYTES) % ENTRY_BYTES != 0) {
            throw new CorruptRecordException(file.getFileName() + ": size " + bytes.length + " is not a whole index");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int count = (bytes.length - TRAILER_BYTES) / ENTRY_BYTES;
        int storedCount = buffer.getInt(count * ENTRY_BYTES);
        int storedCrc = buffer.getInt(count * ENTRY_BYTES + 4);
        if (storedCount != count || storedCrc != RecordFormat.crcOf(bytes, 0, count * ENTRY_BYTES)) {
            throw new CorruptRecordException(file.getFileName() + ": trailer does not match the entries");
        }
        OffsetIndex index = new OffsetIndex(baseOffset);
        long previousOffset = 0;
        long previousPosition = 0;
        long previousMax = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            int relativeOffset = buffer.getInt();
            int position = buffer.getInt();
            long maxBefore = buffer.getLong();
            if (relativeOffset <= previousOffset || position <= previousPosition || position >= logBytes
                    || maxBefore < previousMax) {
                throw new CorruptRecordException(file.getFileName() + ": entry " + i + " is out of order");
            }
            index.add(baseOffset + relativeOffset, position, maxBefore);
            previousOffset = relativeOffset;
            previousPosition = position;
            previousMax = maxBefore;
        }
        return index;
    }
}
