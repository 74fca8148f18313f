/**
 * Durable storage of the built-in broker: one {@link io.weir.broker.log.PartitionLog} per
 * partition, a directory of segment files written append-only. Plain JDK, no other Weir package.
 *
 * <h2>Files</h2>
 * A partition directory holds {@code .lock} (held with a {@code FileLock} while open), and per
 * segment {@code <baseOffset>.log} and {@code <baseOffset>.index}, where the base offset is the
 * offset of the segment's first record written as 20 decimal digits, e.g.
 * {@code 00000000000000001000.log}. The segment with the highest base offset is the active one;
 * appends go there, and it is rolled (a new one started) when the next record would take it past
 * {@code segmentBytes}. Only the active segment has no index file.
 *
 * <h2>Record layout</h2>
 * Records follow each other without padding. All integers are big-endian.
 * <pre>
 * at  size  field
 *  0     4  length     bytes after this field (crc to end of value); 37 &le; length &le; 64 MiB
 *  4     4  crc        CRC32C (Castagnoli) of bytes 8 .. 4+length, i.e. everything after itself
 *  8     1  version    1
 *  9     8  offset     this record's offset; base offset + position in the segment
 * 17     8  timestamp  epoch milliseconds
 * 25     4  key length -1 for no key
 * 29     k  key
 *        4  header count h, then h times: 4 name length, name (UTF-8), 4 value length, value (UTF-8)
 *        4  message id length, -1 for none, then the id (UTF-8)
 *        4  value length, then the value
 * </pre>
 * A record is valid when its length lies in those bounds and inside the file, its CRC matches,
 * its version is 1, its offset is the one expected next, and its fields add up exactly to its
 * length. Zero bytes, as left by preallocation or a never-written block, fail the first check.
 *
 * <h2>Index layout</h2>
 * {@code <baseOffset>.index}: entries of 16 bytes (offset minus base offset as int, file position
 * as int, largest timestamp of all earlier records of the segment as long), one roughly every
 * {@code indexIntervalBytes} of log, then a trailer of entry count (int) and CRC32C of the entries
 * (int). The index is a cache: it is never fsynced and never the only copy of anything.
 *
 * <h2>Durability</h2>
 * Under {@code PER_MESSAGE} and {@code GROUP_COMMIT} an append is acknowledged only after
 * {@code FileChannel.force} covering its records returned. A roll forces the old segment, then
 * creates the new file and fsyncs the directory, before anything is written to the new file; so
 * every segment but the last is complete on disk. Under {@code OS} only rolls and close fsync.
 * Readers see acknowledged records only. A failed write or fsync puts the log in a failed state
 * ({@link io.weir.broker.log.StorageFailedException}) until it is reopened.
 *
 * <h2>What a crash leaves behind, and what opening the log does about it</h2>
 * <ul>
 * <li><b>Crash during or shortly after an append.</b> The last segment may end in a torn record
 *     (a partial length field, a length pointing past the end of the file, a body with old or zero
 *     bytes), or in intact records followed by a damaged one if the kernel wrote pages out of
 *     order. Recovery scans the last segment from its start, validating every record, and
 *     truncates the file at the first invalid one (then fsyncs). Everything before that point is
 *     kept: all acknowledged records, plus possibly unacknowledged ones whose bytes happened to
 *     reach the disk intact (a producer that retries them creates duplicates, hence message ids).
 *     Records after the damage are discarded even if intact, so offsets stay contiguous; they were
 *     never acknowledged. Appends continue at the offset after the last kept record.</li>
 * <li><b>Zero-filled or preallocated tail.</b> A length of 0 is invalid: truncated as above.</li>
 * <li><b>Crash during a roll.</b> Before the new file exists, the old segment is still the last
 *     one and is recovered as above; a half-written {@code .index.tmp} is deleted and an index of
 *     the last segment is ignored and deleted. After the new file exists, it is empty or holds
 *     records and is recovered as above, while the old segment was already forced.</li>
 * <li><b>Crash during retention.</b> Deletion removes the log file before the index file. A stray
 *     index without its log is deleted on open. Deletions are not fsynced: a segment may come
 *     back after a crash, intact, and is deleted again by the next retention run.</li>
 * <li><b>Missing, stale or garbage index of a closed segment.</b> Detected by its trailer, by
 *     entries out of order or outside the log, or by the records after its last entry failing to
 *     validate up to the end of the file; the segment is then rescanned, which validates every
 *     record, and its index rewritten.</li>
 * <li><b>Damage inside a closed segment</b> (bit rot, a bad sector). Closed segments are not
 *     rescanned on open when their index is intact (opening stays fast for large logs); instead
 *     every read validates every record it returns and throws
 *     {@link io.weir.broker.log.CorruptRecordException} at a damaged one. A closed segment is
 *     never truncated, since the damage may be one bit and the following offsets are already
 *     stored in later segments. Damage found while rescanning for an index is logged as an
 *     error.</li>
 * <li><b>Crash during recovery.</b> Truncation is idempotent; the next open repeats it.</li>
 * </ul>
 * What no recovery can restore: under {@code OS} records acknowledged since the last roll may be
 * lost on power failure; and if the disk lies about completing a flush, so does the log.
 */
package io.weir.broker.log;
