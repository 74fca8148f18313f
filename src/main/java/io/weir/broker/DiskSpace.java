package io.weir.broker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker's guard against filling its disk: producers' publishes are refused while the file
 * system of the data directory has less than {@code minFreeBytes} usable, because a write that
 * hits a full disk fails its partition until the broker is reopened, while a refused publish can
 * simply be retried once space is freed. Free space is read at most every {@link #REFRESH_NANOS}
 * (one {@code statvfs}), so a burst may pass the limit by what it writes meanwhile: the limit is
 * the margin for that. Thread-safe.
 */
final class DiskSpace {

    static final long REFRESH_NANOS = 100_000_000L;

    private final Path dir;
    private final long minFreeBytes;
    private volatile long freeBytes;
    private volatile long readAt;

    /** @param minFreeBytes 0 turns the guard off */
    DiskSpace(Path dir, long minFreeBytes) {
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
        this.readAt = System.nanoTime() - REFRESH_NANOS;
    }

    /** Why publishes are refused now, or {@code null} if there is room. */
    String shortage() {
        DiskStatus now = status();
        if (!now.publishesRefused()) {
            return null;
        }
        return "only " + mebibytes(now.freeBytes()) + " free on the disk of " + dir + ", below the broker's limit of "
                + mebibytes(minFreeBytes) + "; free disk space (retention, deleting topics or other files) and publish"
                + " again";
    }

    /** Free space, at most {@link #REFRESH_NANOS} old, and the limit. */
    DiskStatus status() {
        return new DiskStatus(freeBytes(), minFreeBytes);
    }

    private long freeBytes() {
        long now = System.nanoTime();
        if (now - readAt >= REFRESH_NANOS) {
            try {
                FileStore store = Files.getFileStore(dir);
                freeBytes = store.getUsableSpace();
            } catch (IOException e) {
                freeBytes = 0; // a disk that cannot even be asked is no place to write to
            }
            readAt = now;
        }
        return freeBytes;
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (double) (1 << 20));
    }
}
