package io.weir.broker;

/**
 * The broker's disk as its guard sees it.
 *
 * @param freeBytes usable bytes on the data directory's file system
 * @param minFreeBytes producers' publishes are refused below this; 0 when the guard is off
 */
public record DiskStatus(long freeBytes, long minFreeBytes) {

    public boolean publishesRefused() {
        return minFreeBytes > 0 && freeBytes < minFreeBytes;
    }
}
