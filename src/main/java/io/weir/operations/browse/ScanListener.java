package io.weir.operations.browse;

import java.util.Map;

/** Hears a scan as it runs, on the scan's thread: each match when found, and progress now and then. */
public interface ScanListener {

    ScanListener NONE = new ScanListener() {
    };

    default void found(BrowsedMessage message) {
    }

    /** About four times a second: messages read, matches, and the position per partition. */
    default void progress(long scanned, long matched, Map<Integer, Long> position) {
    }
}
