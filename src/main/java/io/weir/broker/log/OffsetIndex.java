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
 * <p>Thread-safe: one writer adds entries while readers look them up.
 */
final class OffsetIndex {

    /** One entry on disk: relative offset int, position int, max timestamp before long. */
    static final int ENTRY_BYTES = 16;
    /** After the entries: entry count int, CRC32C of the entry bytes int. */
    static final int TRAILER_BYTES = 8;

    /** A point in the segment where a scan may start. */
    record Entry(long offset, int position, long maxTimestampBefore) {
    }

    private final long baseOffset;
    private int[] relativeOffsets = new int[64];
    private int[] positions = new int[64];
    private long[] maxTimestampsBefore = new long[64];
    private int count;

    OffsetIndex(long baseOffset) {
        this.baseOffset = baseOffset;
    }

    /** Adds an entry; offsets and positions must increase. */
    synchronized void add(long offset, int position, long maxTimestampBefore) {
        if (count == positions.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
            maxTimestampsBefore = Arrays.copyOf(maxTimestampsBefore, count * 2);
        }
        relativeOffsets[count] = Math.toIntExact(offset - baseOffset);
        positions[count] = position;
        maxTimestampsBefore[count] = maxTimestampBefore;
        count++;
    }

    /** The last entry at or before {@code offset}, or the segment start. */
    synchronized Entry floor(long offset) {
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (baseOffset + relativeOffsets[mid] <= offset) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return entry(found);
    }

    /**
     * The last entry before which every record is older than {@code timestampMillis}: the first
     * record at or after that time lies at or after this entry.
     */
    synchronized Entry lastEntirelyOlderThan(long timestampMillis) {
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (maxTimestampsBefore[mid] < timestampMillis) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return entry(found);
    }

    synchronized Entry last() {
        return entry(count - 1);
    }

    synchronized int entryCount() {
        return count;
    }

    private Entry entry(int i) {
        return i < 0 ? new Entry(baseOffset, 0, Long.MIN_VALUE)
                : new Entry(baseOffset + relativeOffsets[i], positions[i], maxTimestampsBefore[i]);
    }

    /** Replaces {@code file} atomically with this index. Not fsynced: see the class comment. */
    void write(Path file) throws IOException {
        ByteBuffer buffer;
        synchronized (this) {
            buffer = ByteBuffer.allocate(count * ENTRY_BYTES + TRAILER_BYTES);
            for (int i = 0; i < count; i++) {
                buffer.putInt(relativeOffsets[i]).putInt(positions[i]).putLong(maxTimestampsBefore[i]);
            }
            buffer.putInt(count).putInt(RecordFormat.crcOf(buffer.array(), 0, count * ENTRY_BYTES)).flip();
        }
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
