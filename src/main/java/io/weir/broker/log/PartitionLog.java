package io.weir.broker.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The durable, append-only log of one partition: a directory of {@link Segment}s. The on-disk
 * format and what a crash at any point leaves behind are documented in {@code package-info.java};
 * opening a log performs the recovery described there.
 *
 * <p><b>Acknowledgement.</b> {@link #append} returns only when its records are as durable as the
 * {@link FlushPolicy} promises. Readers see only acknowledged records: {@link #endOffset()}
 * advances after the fsync, so a consumer never reads a record that a crash could take back.
 *
 * <p><b>Failure.</b> A failed write or fsync is fatal: the append that hit it, every append
 * waiting for the same group commit and every later append throw {@link StorageFailedException}.
 * Reads of acknowledged records keep working. Reopening the log recovers.
 *
 * <p><b>Threads.</b> Appends are serialised (one writer at a time); under
 * {@link FlushPolicy#GROUP_COMMIT} the writer lock is released before waiting for the fsync so
 * other appends join the same group commit; the fsync itself runs on one of the waiting appenders'
 * threads (see {@code GroupCommitFlusher}), a log starts no thread. Reads, lookups and the size
 * accessors run concurrently with appends and with each other. Retention takes the writer lock.
 *
 * <p><b>Interrupts.</b> An interrupted read fails with an {@code InterruptedIOException} cause and
 * harms nothing else. An appender interrupted while waiting for a group commit gets the same and
 * its records may still become durable. But the JDK closes a file channel whose user is
 * interrupted during I/O, so interrupting an appender during its write, or during its fsync under
 * {@code PER_MESSAGE}, fails the log like any other write error.
 */
public final class PartitionLog implements AutoCloseable {

    /**
     * Where a writing thread encodes records before they go to the file: direct, so the write
     * copies them once, into the page cache. Per thread because encoding runs under the writer
     * lock of whichever log the thread appends to; the JDK would otherwise keep a temporary
     * direct buffer of the same size per writing thread anyway.
     */
    private static final ThreadLocal<ByteBuffer> ENCODE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(512 << 10));

    private final LogDirectory directory;
    private volatile LogConfig config; // only its size limits change while open: see changeLimits
    private final Fsync fsync;
    private final LongAdder fsyncs = new LongAdder();
    private final Segments segments = new Segments();
    private final Object writeLock = new Object();
    private final GroupCommitFlusher flusher;
    private Segment active; // guarded by writeLock
    private volatile long endOffset;
    private volatile StorageFailedException failure;
    private volatile boolean closed;

    private PartitionLog(LogDirectory directory, LogConfig config, Fsync fsync) {
        this.directory = directory;
        this.config = config;
        this.fsync = channel -> {
            fsync.force(channel);
            fsyncs.increment();
        };
        this.flusher = config.flushPolicy() != FlushPolicy.GROUP_COMMIT ? null
                : new GroupCommitFlusher(config.groupCommitMaxDelay(), config.groupCommitMaxBytes(), this.fsync,
                        durable -> endOffset = durable, failed -> failure = failed);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it: see {@code package-info}.
     *
     * @throws IllegalStateException if the directory is open by another log
     */
    public static PartitionLog open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, Fsync.DATA);
    }

    /** As {@link #open(Path, LogConfig)} with a substitute fsync, for failure tests. */
    public static PartitionLog open(Path dir, LogConfig config, Fsync fsync) throws IOException {
        LogDirectory directory = LogDirectory.lock(dir);
        PartitionLog log = new PartitionLog(directory, config, fsync);
        try {
            log.load();
        } catch (IOException | RuntimeException e) {
            log.closeFiles();
            throw e;
        }
        return log;
    }

    private void load() throws IOException {
        List<Long> bases = directory.segmentBaseOffsets();
        int interval = config.indexIntervalBytes();
        for (int i = 0; i < bases.size() - 1; i++) {
            segments.add(Segment.openClosed(directory.path(), bases.get(i), bases.get(i + 1), interval));
        }
        if (bases.isEmpty()) {
            active = Segment.create(directory.path(), 0, interval);
            directory.fsync();
        } else {
            long last = bases.get(bases.size() - 1);
            active = Segment.recoverActive(directory.path(), last, interval, fsync);
        }
        segments.add(active);
        endOffset = active.nextOffset();
    }

    /**
     * Appends the messages in order and returns once they are durable per the flush policy.
     * Messages without a timestamp get the current time.
     *
     * @throws StorageFailedException if the log cannot make them durable; they are not acknowledged
     * @throws IllegalArgumentException if a message encodes to more than {@code maxRecordBytes};
     *     nothing of this call is written then
     * @throws IllegalStateException if the log is closed
     */
    public AppendResult append(List<Message> messages) {
        AppendResult written = write(messages);
        awaitDurable(written);
        return written;
    }

    /**
     * The first half of {@link #append}: writes the messages (under {@code PER_MESSAGE} also
     * forces them) and returns without waiting for a group commit, so that a caller appending to
     * several logs can have their group commits run in parallel. The records are not acknowledged
     * until {@link #awaitDurable} returns for them. Throws as {@link #append}.
     */
    public AppendResult write(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        long now = System.currentTimeMillis();
        int count = messages.size();
        int[] sizes = new int[count];
        long[] timestamps = new long[count];
        byte[][] messageIds = new byte[count][];
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Message message = messages.get(i);
            messageIds[i] = RecordFormat.messageIdBytes(message);
            long size = RecordFormat.encodedSize(message, messageIds[i]);
            if (size > config.maxRecordBytes()) {
                throw new IllegalArgumentException("message of " + size + " bytes exceeds maxRecordBytes "
                        + config.maxRecordBytes());
            }
            sizes[i] = (int) size;
            timestamps[i] = message.timestamp() == null ? now : message.timestamp().toEpochMilli();
            bytes += size;
        }
        long first;
        if (flusher != null) {
            flusher.writing();
        }
        boolean reported = false;
        try {
            synchronized (writeLock) {
                checkWritable();
                first = active.nextOffset();
                long end = first + count;
                try {
                    writeRecords(messages, messageIds, first, sizes, timestamps);
                    switch (config.flushPolicy()) {
                        case OS -> endOffset = end;
                        case PER_MESSAGE -> {
                            active.flush(fsync);
                            endOffset = end;
                        }
                        case GROUP_COMMIT -> {
                            flusher.written(active, end, bytes);
                            reported = true;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    throw fail(e);
                }
            }
        } finally {
            if (flusher != null && !reported) {
                flusher.abandoned();
            }
        }
        return new AppendResult(first, count);
    }

    /**
     * The second half of {@link #append}: blocks until the records {@link #write} returned are as
     * durable as the flush policy promises (at once unless under {@code GROUP_COMMIT}).
     *
     * @throws StorageFailedException if they could not be made durable; they are not acknowledged
     */
    public void awaitDurable(AppendResult written) {
        if (flusher != null) {
            flusher.awaitDurable(written.lastOffset() + 1);
        }
    }

    /**
     * Encodes the messages (the i-th gets offset {@code first + i}) into the writing thread's
     * buffer and writes them to the active segment a bufferful at a time, rolling whenever the
     * next record would not fit. A record larger than the buffer is encoded on its own.
     */
    private void writeRecords(List<Message> messages, byte[][] messageIds, long first, int[] sizes,
            long[] timestamps) throws IOException {
        ByteBuffer buffer = ENCODE_BUFFER.get();
        int from = 0;
        while (from < messages.size()) {
            long room = config.segmentBytes() - active.sizeBytes();
            if (sizes[from] > room && active.sizeBytes() > 0) {
                roll(first + from);
                continue;
            }
            ByteBuffer out = sizes[from] > buffer.capacity() ? ByteBuffer.allocate(sizes[from]) : buffer.clear();
            int to = from;
            while (to < messages.size() && (to == from
                    || (sizes[to] <= out.remaining() && out.position() + sizes[to] <= room))) {
                RecordFormat.encode(out, first + to, timestamps[to], messages.get(to), messageIds[to]);
                to++;
            }
            active.append(out.flip(), first + from, sizes, timestamps, from, to);
            from = to;
        }
    }

    /** The old segment is forced before the new file exists: only the last segment can be torn. */
    private void roll(long baseOffset) throws IOException {
        active.seal(fsync);
        Segment next = Segment.create(directory.path(), baseOffset, config.indexIntervalBytes());
        segments.add(next);
        active = next;
        directory.fsync();
    }

    private StorageFailedException fail(Exception cause) {
        StorageFailedException failed = new StorageFailedException("partition log " + directory.path()
                + " could not write or fsync; appended records are not durable", cause);
        failure = failed;
        if (flusher != null) {
            flusher.fail(failed);
        }
        return failed;
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("partition log " + directory.path() + " is closed");
        }
        StorageFailedException failed = failure;
        if (failed != null) {
            throw new StorageFailedException("partition log " + directory.path()
                    + " failed earlier and accepts no appends until reopened: not durable", failed);
        }
    }

    /**
     * Up to {@code maxRecords} acknowledged records from {@code fromOffset} on, stopping before
     * {@code maxBytes} (encoded size) would be exceeded but always returning at least one record if
     * there is one. Returns an empty list at {@link #endOffset()}.
     *
     * @throws OffsetOutOfRangeException if {@code fromOffset} is below the start or beyond the end
     * @throws CorruptRecordException if a stored record fails validation; nothing damaged is returned
     */
    public List<LogRecord> read(long fromOffset, int maxRecords, long maxBytes) {
        long end = endOffset;
        long start = startOffset();
        if (fromOffset < start || fromOffset > end) {
            throw new OffsetOutOfRangeException(fromOffset, start, end);
        }
        List<LogRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
        try {
            segments.read(fromOffset, end, maxRecords, maxBytes, out);
        } catch (ClosedByInterruptException e) {
            throw new UncheckedIOException(new InterruptedIOException("read of " + directory.path() + " interrupted"));
        } catch (ClosedChannelException e) {
            if (closed) {
                throw new IllegalStateException("partition log " + directory.path() + " is closed");
            }
            throw new OffsetOutOfRangeException(fromOffset, startOffset(), endOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The first acknowledged offset whose record is stamped at or after {@code time}, or
     * {@link #endOffset()} if every record is older. Timestamps need not be ordered.
     */
    public long findOffsetByTimestamp(Instant time) {
        try {
            return segments.findOffsetByTimestamp(millisAtOrAfter(time), endOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes closed segments, oldest first, whose records are all older than {@code cutoff},
     * advancing {@link #startOffset()}. The active segment is never deleted.
     *
     * @return number of segments deleted
     */
    public int deleteSegmentsOlderThan(Instant cutoff) throws IOException {
        long millis = millisAtOrAfter(cutoff);
        return deleteOldest(segment -> segment.maxTimestamp() < millis);
    }

    /**
     * The smallest whole millisecond not before {@code time}: records carry whole milliseconds, so
     * "stamped at or after {@code time}" means "at or after this". Clamped to the range of long.
     */
    private static long millisAtOrAfter(Instant time) {
        if (time.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        if (time.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        long millis = time.toEpochMilli();
        return Instant.ofEpochMilli(millis).isBefore(time) ? millis + 1 : millis;
    }

    /**
     * Deletes closed segments, oldest first, while the log is larger than {@code maxBytes},
     * advancing {@link #startOffset()}. The active segment is never deleted, so the log may stay
     * larger than {@code maxBytes}.
     *
     * @return number of segments deleted
     */
    public int deleteSegmentsBeyondSize(long maxBytes) throws IOException {
        long[] size = {sizeBytes()};
        return deleteOldest(segment -> {
            if (size[0] <= maxBytes) {
                return false;
            }
            size[0] -= segment.sizeBytes();
            return true;
        });
    }

    private int deleteOldest(Predicate<Segment> expired) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IllegalStateException("partition log " + directory.path() + " is closed");
            }
            return segments.deleteOldest(active, endOffset, expired);
        }
    }

    /**
     * Deletes every acknowledged record, so that {@link #startOffset()} becomes {@link #endOffset()}:
     * the active segment is rolled (sealed with an fsync, a new empty segment started at the end)
     * when it holds records, then every closed segment is deleted as retention deletes them, and the
     * directory is forced so the deletion survives a crash. A crash part-way leaves some of the
     * oldest records, never loses a newer one. Records written but not yet acknowledged (a group
     * commit on its way) are kept, and so is the rest of their segment.
     *
     * @return number of records deleted
     */
    public long deleteAllRecords() throws IOException {
        synchronized (writeLock) {
            checkWritable();
            long before = startOffset();
            if (active.sizeBytes() > 0 && active.nextOffset() == endOffset) {
                try {
                    roll(endOffset);
                } catch (IOException e) {
                    throw fail(e);
                }
            }
            if (segments.deleteOldest(active, endOffset, segment -> true) > 0) {
                directory.fsync();
            }
            return startOffset() - before;
        }
    }

    /** Offset of the oldest record still stored (the next offset when the log is empty). */
    public long startOffset() {
        return segments.startOffset();
    }

    /** Offset the next acknowledged record will get; reads see the offsets below it. */
    public long endOffset() {
        return endOffset;
    }

    /** Bytes of all segment files, including records written but not yet acknowledged. */
    public long sizeBytes() {
        return segments.sizeBytes();
    }

    /** Data fsyncs issued since open (including those of rolls and recovery). */
    public long fsyncCount() {
        return fsyncs.sum();
    }

    public int segmentCount() {
        return segments.count();
    }

    /** True after a write or fsync failed; see the class comment. */
    public boolean isFailed() {
        return failure != null;
    }

    public Path directory() {
        return directory.path();
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Takes {@code next}'s segment size and largest record size for appends from now on; stored
     * segments and records stay as they are. The flush policy, group commit settings and index
     * interval are fixed while the log is open.
     *
     * @throws IllegalArgumentException if {@code next} changes one of those
     */
    public void changeLimits(LogConfig next) {
        if (!config.differsOnlyInLimits(next)) {
            throw new IllegalArgumentException("only segmentBytes and maxRecordBytes of an open log can change");
        }
        config = next;
    }

    /**
     * Completes pending group commits, fsyncs (unless the log failed) and closes the files.
     * Appends and reads afterwards throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (flusher != null) {
            flusher.close();
        }
        try {
            if (failure == null) {
                active.flush(fsync);
            }
        } finally {
            closeFiles();
        }
    }

    private void closeFiles() throws IOException {
        try (directory) {
            segments.closeAll();
        }
    }
}
