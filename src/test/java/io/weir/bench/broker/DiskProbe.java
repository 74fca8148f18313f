package io.weir.bench.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import com.sun.nio.file.ExtendedOpenOption;
import java.nio.file.OpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the disk under the benchmark's directory can do, measured in the same run as the brokers:
 * sequential write bandwidth through the page cache as the brokers write (1 MiB writes, then one
 * fsync, all timed), the same bypassing the page cache ({@code O_DIRECT}, the raw device, for
 * reference), and the latency of a 4 KiB write followed by {@code fdatasync}
 * ({@code force(false)}), as the broker's logs issue it.
 */
final class DiskProbe {

    record Figures(double sequentialMiBPerSecond, double directMiBPerSecond, double fsyncP50Millis,
            double fsyncP99Millis) {
    }

    private DiskProbe() {
    }

    static Figures measure(Path dir, int sequentialMiB, int fsyncs) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("disk-probe");
        try {
            double buffered = sequential(file, sequentialMiB, false);
            double direct = sequential(file, sequentialMiB, true);

            long[] nanos = new long[fsyncs];
            ByteBuffer page = ByteBuffer.allocateDirect(4096);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (int i = 0; i < fsyncs; i++) {
                    page.clear();
                    long t = System.nanoTime();
                    channel.write(page);
                    channel.force(false);
                    nanos[i] = System.nanoTime() - t;
                }
            }
            Arrays.sort(nanos);
            return new Figures(buffered, direct, nanos[fsyncs / 2] / 1e6, nanos[(int) (fsyncs * 0.99)] / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** MiB/s of writing {@code mib} MiB in 1 MiB writes to a new file, then one fsync. */
    private static double sequential(Path file, int mib, boolean direct) throws IOException {
        // O_DIRECT wants the buffer aligned to the block size
        ByteBuffer buffer = ByteBuffer.allocateDirect((1 << 20) + 4096).alignedSlice(4096).limit(1 << 20);
        Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
        if (direct) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, options)) {
            for (int i = 0; i < mib; i++) {
                buffer.clear().limit(1 << 20);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return mib / seconds;
    }
}
