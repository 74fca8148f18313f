package io.weir.broker.log;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One file of a partition: {@code <baseOffset>.log} holding the records from {@code baseOffset}
 * on, back to back, and its sparse {@link OffsetIndex} ({@code <baseOffset>.index} once closed).
 * The record layout and what a crash leaves behind are documented in {@code package-info.java}.
 *
 * <p>Recovery differs by role. The active (last) segment is always scanned record by record and
 * truncated at the first invalid record; its index is rebuilt in memory and any index file for it
 * is deleted. A closed segment was fsynced before the next one was created, so it is not rescanned
 * when its index file is intact: only the records after the last index entry are validated. Its
 * other records are validated lazily, by every read, which throws {@link CorruptRecordException}
 * rather than return a damaged record. A closed segment is never truncated, because records after
 * a damaged one may be intact and the offsets after it already belong to later segments.
 *
 * <p>Thread-safety: one writer (appends, seal) at a time, guarded by the owning
 * {@link PartitionLog}; any number of concurrent readers, which use their own channel. {@link #flush}, {@link #close} and
 * {@link #delete} are serialised on the segment so a flusher never forces a deleted file.
 */
final class Segment {

    private static final System.Logger LOG = System.getLogger(Segment.class.getName());

    private final long baseOffset;
    private final Path logFile;
    private final Path indexFile;
    private final FileChannel channel;
    private volatile FileChannel reader;
    private final int indexIntervalBytes;
    private OffsetIndex index;
    private volatile long sizeBytes;
    private volatile long nextOffset;
    private volatile long maxTimestamp = Long.MIN_VALUE;
    private long lastIndexedPosition;
    private boolean closed;

    private Segment(Path dir, long baseOffset, FileChannel channel, int indexIntervalBytes) {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, "log"));
        this.indexFile = dir.resolve(fileName(baseOffset, "index"));
        this.channel = channel;
        this.indexIntervalBytes = indexIntervalBytes;
        this.index = new OffsetIndex(baseOffset);
        this.nextOffset = baseOffset;
    }

    static String fileName(long baseOffset, String extension) {
        return String.format("%020d.%s", baseOffset, extension);
    }

    /** A new, empty active segment. The caller fsyncs the directory. */
    static Segment create(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(fileName(baseOffset, "log")),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(dir, baseOffset, channel, indexIntervalBytes);
    }

    /** Opens the last segment for appending, truncating it after its last valid record. */
    static Segment recoverActive(Path dir, long baseOffset, int indexIntervalBytes, Fsync fsync) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(fileName(baseOffset, "log")),
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(dir, baseOffset, channel, indexIntervalBytes);
        try {
            long fileBytes = channel.size();
            CorruptRecordException damage = segment.scan(segment.index.last(), fileBytes);
            if (damage != null) {
                LOG.log(Level.WARNING, "Truncating {0} from {1} to {2} bytes, keeping offsets up to {3}: {4}",
                        segment.logFile, fileBytes, segment.sizeBytes, segment.nextOffset, damage.getMessage());
                channel.truncate(segment.sizeBytes);
                fsync.force(channel);
            }
            Files.deleteIfExists(segment.indexFile); // the active segment's index lives in memory only
            channel.position(segment.sizeBytes);
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens a closed segment read-only, trusting its index file only if it is intact and the
     * records after its last entry validate up to the end of the file.
     *
     * @param nextBaseOffset base offset of the following segment
     */
    static Segment openClosed(Path dir, long baseOffset, long nextBaseOffset, int indexIntervalBytes)
            throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(fileName(baseOffset, "log")), StandardOpenOption.READ);
        Segment segment = new Segment(dir, baseOffset, channel, indexIntervalBytes);
        try {
            long fileBytes = channel.size();
            String rebuildReason;
            try {
                segment.index = OffsetIndex.read(segment.indexFile, baseOffset, fileBytes);
                CorruptRecordException damage = segment.scan(segment.index.last(), fileBytes);
                rebuildReason = damage == null ? null : damage.getMessage();
            } catch (NoSuchFileException e) {
                rebuildReason = "index file missing";
            } catch (CorruptRecordException e) {
                rebuildReason = e.getMessage();
            }
            if (rebuildReason != null) {
                segment.rebuildIndex(fileBytes, nextBaseOffset, rebuildReason);
            }
            if (segment.nextOffset != nextBaseOffset) {
                LOG.log(Level.WARNING, "{0} ends at offset {1} but the next segment starts at {2}",
                        segment.logFile, segment.nextOffset, nextBaseOffset);
            }
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void rebuildIndex(long fileBytes, long nextBaseOffset, String reason) {
        LOG.log(Level.INFO, "Rebuilding the index of {0}: {1}", logFile, reason);
        index = new OffsetIndex(baseOffset);
        maxTimestamp = Long.MIN_VALUE;
        lastIndexedPosition = 0;
        CorruptRecordException damage = scan(index.last(), fileBytes);
        if (damage != null) {
            // Keep the segment: the damage may be a single flipped bit. Reads reaching it will fail.
            LOG.log(Level.ERROR, "Closed segment {0} is damaged; reads from offset {1} on will fail: {2}",
                    logFile, nextOffset, damage.getMessage());
            sizeBytes = fileBytes;
            nextOffset = nextBaseOffset;
            return;
        }
        try {
            index.write(indexFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not write " + indexFile + "; it will be rebuilt again", e);
        }
    }

    /**
     * Validates records from {@code start} to {@code limit}, adding index entries on the way, and
     * sets size, next offset and max timestamp to the end of the last valid record.
     *
     * @return the damage that stopped the scan, or {@code null} if it reached {@code limit}
     */
    private CorruptRecordException scan(OffsetIndex.Entry start, long limit) {
        RecordScanner scanner = new RecordScanner(channel, logFile, start.position(), limit, start.offset());
        long max = start.maxTimestampBefore();
        lastIndexedPosition = start.position();
        try (scanner) {
            while (scanner.hasNext()) {
                long position = scanner.position();
                LogRecord record = scanner.next();
                indexIfDue(record.offset(), position, max);
                max = Math.max(max, record.timestamp().toEpochMilli());
            }
            return null;
        } catch (CorruptRecordException e) {
            return e;
        } catch (IOException e) {
            return new CorruptRecordException(logFile.getFileName() + " could not be read: " + e);
        } finally {
            sizeBytes = scanner.position();
            nextOffset = scanner.expectedOffset();
            maxTimestamp = max;
        }
    }

    private void indexIfDue(long offset, long position, long maxTimestampBefore) {
        if (position - lastIndexedPosition >= indexIntervalBytes) {
            index.add(offset, (int) position, maxTimestampBefore);
            lastIndexedPosition = position;
        }
    }

    /**
     * Writes whole encoded records, back to back in {@code records}, that follow this segment's
     * last offset: the k-th message of the caller's batch ({@code from <= k < to}) has offset
     * {@code firstOffset + k - from}, encoded size {@code sizes[k]} and timestamp
     * {@code timestamps[k]}. Writer only; does not fsync.
     */
    void append(ByteBuffer records, long firstOffset, int[] sizes, long[] timestamps, int from, int to)
            throws IOException {
        while (records.hasRemaining()) {
            channel.write(records);
        }
        long position = sizeBytes;
        long max = maxTimestamp;
        for (int k = from; k < to; k++) {
            indexIfDue(firstOffset + k - from, position, max);
            position += sizes[k];
            max = Math.max(max, timestamps[k]);
        }
        maxTimestamp = max;
        nextOffset = firstOffset + to - from;
        sizeBytes = position;
    }

    /**
     * Appends to {@code out} the records in {@code [from, until)} that this segment holds, at most
     * {@code maxRecords}, stopping before a record that would exceed {@code maxBytes} unless
     * {@code out} is still empty (so a reader always makes progress).
     *
     * @return bytes of the records added
     */
    long read(long from, long until, int maxRecords, long maxBytes, List<LogRecord> out) throws IOException {
        long end = Math.min(until, nextOffset);
        if (from >= end) {
            return 0;
        }
        OffsetIndex.Entry start = index.floor(from);
        long bytes = 0;
        // sizeBytes, read after the caller read the log's end offset, covers every record below it
        try (RecordScanner scanner = new RecordScanner(reader(), logFile, start.position(), sizeBytes,
                start.offset())) {
            while (scanner.expectedOffset() < end && out.size() < maxRecords) {
                if (!scanner.hasNext()) {
                    throw new CorruptRecordException(logFile.getFileName() + " ends at offset "
                            + scanner.expectedOffset() + " but should hold offsets up to " + (end - 1));
                }
                LogRecord record = scanner.next();
                if (record.offset() < from) {
                    continue;
                }
                if (!out.isEmpty() && bytes + scanner.lastRecordBytes() > maxBytes) {
                    break;
                }
                out.add(record);
                bytes += scanner.lastRecordBytes();
            }
        }
        return bytes;
    }

    /** Offset of the first record below {@code until} stamped at or after {@code millis}, or -1. */
    long findOffsetByTimestamp(long millis, long until) throws IOException {
        if (maxTimestamp < millis) {
            return -1;
        }
        OffsetIndex.Entry start = index.lastEntirelyOlderThan(millis);
        long end = Math.min(until, nextOffset);
        try (RecordScanner scanner = new RecordScanner(reader(), logFile, start.position(), sizeBytes,
                start.offset())) {
            while (scanner.expectedOffset() < end && scanner.hasNext()) {
                LogRecord record = scanner.next();
                if (record.timestamp().toEpochMilli() >= millis) {
                    return record.offset();
                }
            }
        }
        return -1;
    }

    /**
     * The channel readers use. It is separate from the writer's because the JDK closes a
     * FileChannel when a thread blocked in it is interrupted: an interrupted reader must cost only
     * its own read, never the writer's channel. Reopened on demand after such a close.
     */
    private FileChannel reader() throws IOException {
        FileChannel current = reader;
        if (current != null && current.isOpen()) {
            return current;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (reader == null || !reader.isOpen()) {
                reader = FileChannel.open(logFile, StandardOpenOption.READ);
            }
            return reader;
        }
    }

    /** Forces written records to disk; a no-op once the segment is closed or deleted. */
    synchronized void flush(Fsync fsync) throws IOException {
        if (!closed) {
            fsync.force(channel);
        }
    }

    /**
     * Makes this segment a closed one: forces its records (an IOException is a storage failure)
     * and writes its index file (failure there only costs a rescan on the next open).
     */
    void seal(Fsync fsync) throws IOException {
        flush(fsync);
        try {
            index.write(indexFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not write " + indexFile + "; it will be rebuilt on open", e);
        }
    }

    synchronized void close() throws IOException {
        closed = true;
        try (channel) {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** Closes and removes the files; the log file goes first so a crash leaves at most a stray index. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(indexFile);
    }

    long baseOffset() {
        return baseOffset;
    }

    /** Offset after the last record written (not necessarily durable yet). */
    long nextOffset() {
        return nextOffset;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** Largest record timestamp in epoch millis, {@link Long#MIN_VALUE} when empty. */
    long maxTimestamp() {
        return maxTimestamp;
    }

    Path logFile() {
        return logFile;
    }
}
