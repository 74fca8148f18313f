package io.weir.broker.log;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory of one partition: holds the lock that keeps a second {@link PartitionLog} (in this
 * or another process) from writing the same files, lists the segments, removes leftovers of
 * interrupted operations and fsyncs the directory itself so that created files survive a crash.
 */
final class LogDirectory implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogDirectory.class.getName());
    private static final Pattern SEGMENT_FILE = Pattern.compile("(\\d{20})\\.(log|index)");
    static final String LOCK_FILE = ".lock";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private LogDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IllegalStateException if another log has it open
     */
    static LogDirectory lock(Path path) throws IOException {
        Files.createDirectories(path);
        FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(path + " is open by another process");
            }
            return new LogDirectory(path, channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IllegalStateException(path + " is already open in this JVM", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /**
     * Base offsets of the segment log files, ascending, after deleting temporary files and index
     * files whose log file is gone (both are left by a crash during a roll or a retention run).
     */
    List<Long> segmentBaseOffsets() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
            files = list.toList();
        }
        List<Long> bases = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            Matcher matcher = SEGMENT_FILE.matcher(name);
            if (name.endsWith(".tmp")) {
                LOG.log(Level.INFO, "Deleting leftover {0}", file);
                Files.deleteIfExists(file);
            } else if (matcher.matches() && matcher.group(2).equals("log")) {
                bases.add(Long.parseLong(matcher.group(1)));
            } else if (matcher.matches() && !Files.exists(file.resolveSibling(matcher.group(1) + ".log"))) {
                LOG.log(Level.INFO, "Deleting {0}: its log file is gone", file);
                Files.deleteIfExists(file);
            }
        }
        bases.sort(null);
        return bases;
    }

    /**
     * Makes created, renamed and deleted entries durable. Some platforms cannot open a directory
     * for this; there the call is skipped, as the JDK offers no other way.
     */
    void fsync() throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try (lockChannel) {
            lock.release();
        }
    }
}
