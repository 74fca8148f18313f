package io.weir.sources.kafka;

/** The log start and log end offsets of one partition when read. */
record OffsetRange(long start, long end) {
}
