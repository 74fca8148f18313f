package io.weir.broker;

import io.weir.broker.log.StorageFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable state of one consumer group: a snapshot plus a journal of the {@link GroupEvent}s
 * since, in the group's directory. Every change is written (and, unless the topic's flush policy
 * is {@code OS}, fsynced) before it is applied and before the caller is answered.
 *
 * <h2>Files</h2>
 * <b>{@code state.journal}</b>: entries back to back, all integers big-endian:
 * <pre>
 *  4  length     of the body
 *  4  crc        CRC32C of the body
 *     body:  8 sequence (increasing by one per entry), 1 type, 4 partition, 8 offset, then by type:
 *            1 COMMITTED   -                  (offset = new position)
 *            2 DELIVERED   4 attempt
 *            3 ACKED       -
 *            4 NACKED      4 length + UTF-8 reason
 *            5 DEAD_LETTERED -
 *            6 REPLAYED    -                  (partition of the dead-letter topic, offset = next)
 *            7 FORGOTTEN   -                  (offset 0, unused)
 * </pre>
 * <b>{@code state.snapshot}</b>: magic {@code WGS1}, 8 sequence of the last entry it includes,
 * per partition (4 count, then each: 4 partition, 8 position, 8 cursor, attempts as 4 count +
 * (8 offset, 4 attempt)*, settled offsets as 4 count + 8*, nack reasons as 4 count + (8 offset,
 * 4 length, UTF-8)*), replay positions as 4 count + (4 partition, 8 offset)*, and a CRC32C of
 * everything before it.
 *
 * <h2>Compaction</h2>
 * Once the journal is larger than the configured size, and on close, the state is written as a
 * new snapshot with {@link AtomicFile} (temp file, fsync, rename, fsync directory), then the
 * journal is truncated to zero and fsynced.
 *
 * <h2>What a crash leaves behind, and what opening does about it</h2>
 * <ul>
 * <li><b>Crash while appending an entry.</b> The journal ends in a torn entry (short frame,
 *     length past the end, CRC mismatch, unknown type, or a sequence that does not follow).
 *     Opening replays entries up to the first invalid one and truncates the file there (then
 *     fsyncs). The dropped entry was never acknowledged to a caller, so nothing acknowledged is
 *     lost; entries after the damage are dropped too, since they cannot be told from garbage.</li>
 * <li><b>Crash during compaction, before the rename.</b> The old snapshot and the full journal
 *     are intact; the leftover {@code state.snapshot.tmp} is deleted.</li>
 * <li><b>Crash after the rename, before the journal is truncated.</b> The new snapshot already
 *     holds the journal's entries; they are recognised by their sequence (at most the
 *     snapshot's) and skipped.</li>
 * <li><b>Damaged snapshot</b> (CRC mismatch: bit rot, not a torn write, since it is only ever
 *     renamed into place whole): opening fails rather than silently forgetting acknowledgements.</li>
 * <li><b>Write or fsync failure while running.</b> The journal stops accepting changes
 *     ({@link StorageFailedException}) until the broker is reopened, because what reached the
 *     disk is unknown; the change that failed was not applied.</li>
 * </ul>
 *
 * <p>Not thread-safe: the owning group serialises all calls.
 */
final class GroupStateJournal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupStateJournal.class.getName());
    static final String JOURNAL = "state.journal";
    static final String SNAPSHOT = "state.snapshot";

    private final Path dir;
    private final boolean fsync;
    private final long compactBytes;
    private final GroupState state;
    private final FileChannel journal;
    private long sequence;
    private StorageFailedException failure;

    private GroupStateJournal(Path dir, boolean fsync, long compactBytes, GroupState state, FileChannel journal,
            long sequence) {
        this.dir = dir;
        this.fsync = fsync;
        this.compactBytes = compactBytes;
        this.state = state;
        this.journal = journal;
        this.sequence = sequence;
    }

    /** Opens (creating if needed) the journal in {@code dir}, recovering as described above. */
    static GroupStateJournal open(Path dir, boolean fsync, long compactBytes) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
        Path snapshotFile = dir.resolve(SNAPSHOT);
        GroupStateFormat.Snapshot snapshot = Files.exists(snapshotFile)
                ? GroupStateFormat.decodeSnapshot(Files.readAllBytes(snapshotFile))
                : new GroupStateFormat.Snapshot(0, new GroupState());
        GroupState state = snapshot.state();
        long sequence = snapshot.sequence();
        FileChannel channel = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(JOURNAL)));
            long previous = -1;
            while (true) {
                int at = bytes.position();
                GroupStateFormat.Entry entry = GroupStateFormat.decodeEntry(bytes);
                if (entry == null) {
                    break;
                }
                if (previous >= 0 && entry.sequence() != previous + 1) {
                    bytes.position(at);
                    break;
                }
                previous = entry.sequence();
                if (entry.sequence() > sequence) {
                    state.apply(entry.event());
                    sequence = entry.sequence();
                }
            }
            if (bytes.position() < bytes.limit()) {
                LOG.log(Level.WARNING, "Truncating {0} at byte {1} of {2}: torn or damaged entry",
                        dir.resolve(JOURNAL), bytes.position(), bytes.limit());
                channel.truncate(bytes.position());
                channel.force(true);
            }
            channel.position(bytes.position());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new GroupStateJournal(dir, fsync, compactBytes, state, channel, sequence);
    }

    /** The state; read it, never change it directly. */
    GroupState state() {
        return state;
    }

    /**
     * Writes the events as one batch, makes them durable, then applies them to the state.
     *
     * @throws StorageFailedException if they could not be written; none of them was applied
     */
    void append(List<GroupEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (failure != null) {
            throw new StorageFailedException("group state in " + dir + " failed earlier; reopen the broker", failure);
        }
        try {
            ByteBuffer batch = encode(events);
            while (batch.hasRemaining()) {
                journal.write(batch);
            }
            if (fsync) {
                journal.force(false);
            }
        } catch (IOException e) {
            failure = new StorageFailedException("could not write group state in " + dir, e);
            throw failure;
        }
        events.forEach(state::apply);
        sequence += events.size();
        if (journalBytes() > compactBytes) {
            compact();
        }
    }

    private ByteBuffer encode(List<GroupEvent> events) {
        List<byte[]> entries = new ArrayList<>(events.size());
        int total = 0;
        for (int i = 0; i < events.size(); i++) {
            byte[] entry = GroupStateFormat.encodeEntry(sequence + 1 + i, events.get(i));
            entries.add(entry);
            total += entry.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        entries.forEach(buffer::put);
        return buffer.flip();
    }

    private long journalBytes() {
        try {
            return journal.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Folds the journal into a new snapshot; see the class comment for the crash cases. */
    void compact() {
        if (failure != null) {
            return;
        }
        try {
            AtomicFile.write(dir.resolve(SNAPSHOT), GroupStateFormat.encodeSnapshot(sequence, state));
            journal.truncate(0);
            journal.position(0);
            journal.force(true);
        } catch (IOException e) {
            failure = new StorageFailedException("could not compact group state in " + dir, e);
            throw failure;
        }
    }

    /** Compacts a non-empty journal, so the next open reads one snapshot, and closes the file. */
    @Override
    public void close() throws IOException {
        try (journal) {
            if (failure == null && journal.position() > 0) {
                compact();
            }
        }
    }
}
