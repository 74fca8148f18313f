package io.weir.bench.operations;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Message values of the benchmark: 1 KiB of printable text on one line, so that Kafka's console
 * tools (which read and write lines) carry them unchanged.
 */
final class Payloads {

    static final int SIZE = 1024;
    /** The text the scan looks for; no other value contains it. */
    static final String NEEDLE = "needle-7c1e";

    private Payloads() {
    }

    /** A 1 KiB value numbered {@code n}, e.g. {@code {"order":42,"note":"xxxx..."}}. */
    static byte[] kibibyte(int n) {
        return value(n, "");
    }

    /** A 1 KiB value that contains {@link #NEEDLE}. */
    static byte[] withNeedle(int n) {
        return value(n, NEEDLE);
    }

    private static byte[] value(int n, String mark) {
        String head = "{\"order\":" + n + ",\"mark\":\"" + mark + "\",\"note\":\"";
        String tail = "\"}";
        char[] filler = new char[SIZE - head.length() - tail.length()];
        Arrays.fill(filler, 'x');
        return (head + new String(filler) + tail).getBytes(StandardCharsets.US_ASCII);
    }
}
