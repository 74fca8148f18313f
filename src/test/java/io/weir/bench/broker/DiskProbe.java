package io.weir.bench.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the disk under the benchmark's directory can do, measured in the same run as the brokers:
 * sequential write bandwidth (1 MiB writes, then one fsync, all timed) and the latency of a 4 KiB
 * write followed by {@code fdatasync} ({@code force(false)}), as the broker's logs issue it.
 */
final class DiskProbe {

    record Figures(double sequentialMiBPerSecond, double fsyncP50Millis, double fsyncP99Millis) {
    }

    private DiskProbe() {
    }

    static Figures measure(Path dir, int sequentialMiB, int fsyncs) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("disk-probe");
        try {
            ByteBuffer mib = ByteBuffer.allocateDirect(1 << 20);
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < sequentialMiB; i++) {
                    mib.clear();
                    while (mib.hasRemaining()) {
                        channel.write(mib);
                    }
                }
                channel.force(false);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.delete(file);

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
            return new Figures(sequentialMiB / seconds, nanos[fsyncs / 2] / 1e6, nanos[(int) (fsyncs * 0.99)] / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
