package io.weir.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads records one after the other from a segment file, validating each (length bounds, CRC32C,
 * offset continuity) before handing it out. Reads through a 256 KiB window with positional reads,
 * so it never moves the channel's position and may run concurrently with the writer and other
 * scanners. Not thread-safe itself: one scanner per reading thread.
 *
 * <p>The window is direct, so a read copies the bytes once (from the page cache), and it is reused:
 * a scanner borrows its thread's window and gives it back on {@link #close}, so a consumer polling
 * many times a second does not allocate and zero a window per poll. A second scanner open on the
 * same thread gets a window of its own.
 */
final class RecordScanner implements AutoCloseable {

    private static final int WINDOW_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> IDLE_WINDOW = new ThreadLocal<>();

    private final FileChannel channel;
    private final Path file;
    private final long limit;
    private long position;
    private long expectedOffset;
    private int lastRecordBytes;
    private ByteBuffer window;
    private ByteBuffer view; // of the window, handed to the decoder one record at a time
    private long windowStart;

    /**
     * @param file the channel's file, named in error messages
     * @param position where the first record starts
     * @param limit end of the bytes to scan, normally the file size
     * @param expectedOffset offset the first record must carry
     */
    RecordScanner(FileChannel channel, Path file, long position, long limit, long expectedOffset) {
        this.channel = channel;
        this.file = file;
        this.position = position;
        this.limit = limit;
        this.expectedOffset = expectedOffset;
        ByteBuffer idle = IDLE_WINDOW.get();
        IDLE_WINDOW.remove();
        this.window = (idle != null ? idle : ByteBuffer.allocateDirect(WINDOW_BYTES)).clear().limit(0);
    }

    /** Gives the window back to the thread for its next scanner. */
    @Override
    public void close() {
        if (window.isDirect() && window.capacity() == WINDOW_BYTES) {
            IDLE_WINDOW.set(window);
        }
    }

    boolean hasNext() {
        return position < limit;
    }

    /** Position of the next record, which after a failed {@link #next()} is where the damage starts. */
    long position() {
        return position;
    }

    /** Offset the next record must carry. */
    long expectedOffset() {
        return expectedOffset;
    }

    /** Size in bytes of the record last returned, length field included. */
    int lastRecordBytes() {
        return lastRecordBytes;
    }

    /**
     * The record at {@link #position()}; advances only if it is valid.
     *
     * @throws CorruptRecordException naming the file and position if the record is torn or damaged
     */
    LogRecord next() throws IOException {
        try {
            long available = limit - position;
            if (available < RecordFormat.LENGTH_BYTES) {
                throw new CorruptRecordException(available + " trailing bytes are too short for a record: torn write");
            }
            int length = window.getInt(windowIndex(position, RecordFormat.LENGTH_BYTES));
            RecordFormat.checkLength(length, available - RecordFormat.LENGTH_BYTES);
            int size = RecordFormat.LENGTH_BYTES + length;
            int start = windowIndex(position, size);
            LogRecord record = RecordFormat.decode(view.limit(start + size).position(start));
            if (record.offset() != expectedOffset) {
                throw new CorruptRecordException("offset " + record.offset() + " where " + expectedOffset
                        + " was expected");
            }
            position += size;
            expectedOffset++;
            lastRecordBytes = size;
            return record;
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException(file.getFileName() + " at position " + position + ": " + e.getMessage());
        }
    }

    /**
     * Where {@code size} bytes of the file from {@code from} start in the window, refilling the
     * window when they are not all in it.
     */
    private int windowIndex(long from, int size) throws IOException {
        long windowEnd = windowStart + window.limit();
        if (from < windowStart || from + size > windowEnd) {
            fill(from, size);
        }
        return (int) (from - windowStart);
    }

    private void fill(long from, int size) throws IOException {
        if (window.capacity() < size) {
            close(); // a record larger than the window: read it through a buffer of its own
            window = ByteBuffer.allocate(size);
        }
        window.clear().limit((int) Math.min(window.capacity(), limit - from));
        while (window.hasRemaining()) {
            if (channel.read(window, from + window.position()) < 0) {
                break;
            }
        }
        window.flip();
        view = window.duplicate();
        windowStart = from;
        if (window.limit() < size) {
            throw new CorruptRecordException("file ends " + window.limit() + " bytes into a " + size + "-byte record");
        }
    }
}
