package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupStateJournalTest {

    private static final long NEVER_COMPACT = Long.MAX_VALUE;

    @TempDir
    Path dir;

    @Test
    void stateIsRebuiltFromTheJournalAfterReopen() throws IOException {
        writeJournalWithoutSnapshot();

        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertExpectedState(journal.state());
        }
    }

    /** Close compacts into a snapshot; this puts back the journal as it was before, alone. */
    private void writeJournalWithoutSnapshot() throws IOException {
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            journal.append(List.of(new GroupEvent.Committed(0, 7), new GroupEvent.Delivered(1, 0, 1),
                    new GroupEvent.Delivered(1, 1, 1), new GroupEvent.Delivered(1, 2, 1)));
            journal.append(List.of(new GroupEvent.Acked(1, 0), new GroupEvent.Acked(1, 2),
                    new GroupEvent.Nacked(1, 1, "boom"), new GroupEvent.Delivered(1, 1, 2)));
            copy(dir.resolve(GroupStateJournal.JOURNAL), dir.resolve("saved"));
        }
        Files.delete(dir.resolve(GroupStateJournal.SNAPSHOT));
        Files.move(dir.resolve("saved"), dir.resolve(GroupStateJournal.JOURNAL),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void assertExpectedState(GroupState state) {
        assertThat(state.partition(0).position).isEqualTo(7);
        GroupState.Partition p1 = state.partition(1);
        assertThat(p1.position).as("0 acked, 1 not yet").isEqualTo(1);
        assertThat(p1.cursor).isEqualTo(3);
        assertThat(p1.attempts).containsExactly(Map.entry(1L, 2));
        assertThat(p1.settled).containsExactly(2L);
        assertThat(p1.reasons).containsEntry(1L, "boom");
    }

    @Test
    void aForgottenPartitionStaysForgottenWhenTheJournalIsReplayed() throws IOException {
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            journal.append(List.of(new GroupEvent.Committed(0, 7), new GroupEvent.Committed(1, 4)));
            journal.append(List.of(new GroupEvent.Forgotten(0)));
            copy(dir.resolve(GroupStateJournal.JOURNAL), dir.resolve("saved"));
        }
        Files.delete(dir.resolve(GroupStateJournal.SNAPSHOT));
        Files.move(dir.resolve("saved"), dir.resolve(GroupStateJournal.JOURNAL), StandardCopyOption.REPLACE_EXISTING);

        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(journal.state().partitions()).containsOnlyKeys(1);
            assertThat(journal.state().partition(1).position).isEqualTo(4);
        }
    }

    @Test
    void tornTailIsTruncatedAndEarlierEntriesKept() throws IOException {
        writeJournalWithoutSnapshot();
        Path file = dir.resolve(GroupStateJournal.JOURNAL);
        long intact = Files.size(file);
        byte[] torn = GroupStateFormat.encodeEntry(9, new GroupEvent.Acked(1, 1));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(torn, 0, torn.length - 3));
        }

        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(Files.size(file)).isEqualTo(intact);
            assertExpectedState(journal.state());
            journal.append(List.of(new GroupEvent.Acked(1, 1)));
            assertThat(journal.state().partition(1).position).isEqualTo(3);
        }
    }

    @Test
    void entryWithBadCrcAndEverythingAfterItIsDropped() throws IOException {
        writeJournalWithoutSnapshot();
        Path file = dir.resolve(GroupStateJournal.JOURNAL);
        long intact = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            byte[] bad = GroupStateFormat.encodeEntry(9, new GroupEvent.Acked(1, 1));
            bad[bad.length - 1] ^= 1;
            channel.write(ByteBuffer.wrap(bad));
            channel.write(ByteBuffer.wrap(GroupStateFormat.encodeEntry(10, new GroupEvent.Committed(0, 99))));
        }

        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(Files.size(file)).isEqualTo(intact);
            assertExpectedState(journal.state());
        }
    }

    @Test
    void compactionFoldsTheJournalIntoASnapshot() throws IOException {
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, 200)) {
            for (long offset = 1; offset <= 50; offset++) {
                journal.append(List.of(new GroupEvent.Committed(0, offset)));
            }
            assertThat(Files.size(dir.resolve(GroupStateJournal.JOURNAL))).isLessThanOrEqualTo(200);
            assertThat(dir.resolve(GroupStateJournal.SNAPSHOT)).exists();
        }
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, 200)) {
            assertThat(journal.state().partition(0).position).isEqualTo(50);
        }
    }

    @Test
    void entriesAlreadyInTheSnapshotAreNotAppliedTwice() throws IOException {
        Path saved = dir.resolve("journal-before-compaction");
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            journal.append(List.of(new GroupEvent.Committed(0, 5), new GroupEvent.Delivered(0, 5, 1)));
            journal.append(List.of(new GroupEvent.Committed(0, 9)));
            copy(dir.resolve(GroupStateJournal.JOURNAL), saved);
        }
        // a crash after the snapshot's rename, before the journal was truncated
        Files.move(saved, dir.resolve(GroupStateJournal.JOURNAL), StandardCopyOption.REPLACE_EXISTING);

        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(journal.state().partition(0).position).isEqualTo(9);
            assertThat(journal.state().partition(0).attempts).isEmpty();
            journal.append(List.of(new GroupEvent.Delivered(0, 9, 1)));
        }
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(journal.state().partition(0).attempts).containsOnlyKeys(9L);
        }
    }

    @Test
    void leftoverSnapshotTempFileIsIgnored() throws IOException {
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            journal.append(List.of(new GroupEvent.Committed(0, 3)));
        }
        Files.write(dir.resolve(GroupStateJournal.SNAPSHOT + ".tmp"), new byte[] {1, 2, 3});
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            assertThat(journal.state().partition(0).position).isEqualTo(3);
        }
        assertThat(dir.resolve(GroupStateJournal.SNAPSHOT + ".tmp")).doesNotExist();
    }

    @Test
    void damagedSnapshotFailsTheOpenInsteadOfForgettingState() throws IOException {
        try (GroupStateJournal journal = GroupStateJournal.open(dir, true, NEVER_COMPACT)) {
            journal.append(List.of(new GroupEvent.Committed(0, 3)));
        }
        Path snapshot = dir.resolve(GroupStateJournal.SNAPSHOT);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[10] ^= 0x40;
        Files.write(snapshot, bytes);

        assertThatThrownBy(() -> GroupStateJournal.open(dir, true, NEVER_COMPACT))
                .isInstanceOf(IOException.class).hasMessageContaining("CRC");
    }
}
