package io.weir.sources;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.RecordTimestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Fills in, for the group partitions that lag, the timestamp of the first message the group has
 * yet to read, so the monitor can tell lag in time exactly: now minus that timestamp. The poll
 * never waits for a message: it uses the timestamps already read, and hands the positions (topic,
 * partition, offset) it lacks, at most {@code budget} per poll, to a background reader: one daemon
 * thread per source, started on first use, that runs one broker-specific {@link Reader} round at a
 * time. A newly stuck partition therefore shows the monitor's estimate for one poll and the exact
 * figure from the next poll after its round ended (with the default 10 s poll interval, the next
 * poll). Timestamps are remembered by position: a group stuck at one offset costs one read in all,
 * and groups at the same position share it.
 *
 * <p>Handing over: the poll replaces the batch the reader has not started yet, so at most one batch
 * of {@code budget} positions waits, and positions of the round being read are not handed again.
 * A failed or slow read only delays exact figures (failures are logged at DEBUG); the estimate
 * stands in meanwhile. Memory: the positions of the latest poll and of one round. Thread-safe;
 * {@link #close()} stops the reader and closes it on the reader's own thread.
 */
public final class NextRecordTimestamps implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NextRecordTimestamps.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    /** Where a group's next message is. */
    public record Position(String topic, int partition, long offset) {
    }

    /** Reads the timestamps of the messages at some positions; only ever called by one thread. */
    public interface Reader extends AutoCloseable {
        /**
         * The timestamps found, by position; a position whose message cannot be read in time (or
         * at all) is left out, which is not an error. Must answer interrupts.
         */
        Map<Position, RecordTimestamp> read(List<Position> positions) throws InterruptedException;

        /** Releases what the reads hold; called once, on the thread that read, or on the closing one if none did. */
        @Override
        default void close() {
        }
    }

    private final String source;
    private final int budget;
    private final Reader reader;
    private final Object lock = new Object();
    // Guarded by lock.
    private Map<Position, RecordTimestamp> known = new HashMap<>();
    private List<Position> waiting = List.of();
    private Set<Position> reading = Set.of();
    private Thread thread;
    private boolean closed;

    /**
     * @param source the source's name, for the thread's name and the log
     * @param budget most positions handed to the reader per poll; 0 reads none
     */
    public NextRecordTimestamps(String source, int budget, Reader reader) {
        this.source = source;
        this.budget = budget;
        this.reader = reader;
    }

    /**
     * The groups with {@link GroupOffset#nextRecord()} set where it is known; hands up to the
     * budget of the positions not known to the reader. Never blocks on a read.
     */
    public List<GroupSnapshot> fill(List<GroupSnapshot> groups) {
        Set<Position> wanted = new LinkedHashSet<>();
        for (GroupSnapshot group : groups) {
            for (GroupOffset offset : group.offsets()) {
                position(offset).ifPresent(wanted::add);
            }
        }
        Map<Position, RecordTimestamp> current = new HashMap<>();
        synchronized (lock) {
            List<Position> missing = new ArrayList<>();
            for (Position position : wanted) {
                RecordTimestamp timestamp = known.get(position);
                if (timestamp != null) {
                    current.put(position, timestamp);
                } else if (missing.size() < budget && !reading.contains(position)) {
                    missing.add(position);
                }
            }
            known = new HashMap<>(current);
            if (!missing.isEmpty() && !closed) {
                waiting = missing;
                startReader();
                lock.notifyAll();
            }
        }
        if (current.isEmpty()) {
            return groups;
        }
        List<GroupSnapshot> filled = new ArrayList<>(groups.size());
        for (GroupSnapshot group : groups) {
            List<GroupOffset> offsets = group.offsets().stream()
                    .map(offset -> position(offset).map(current::get).map(offset::withNextRecord).orElse(offset))
                    .toList();
            filled.add(new GroupSnapshot(group.group(), group.state(), group.members(), offsets));
        }
        return filled;
    }

    private void startReader() {
        if (thread == null) {
            thread = new Thread(this::readRounds, "weir-" + source + "-lag-timestamps");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void readRounds() {
        try {
            while (true) {
                List<Position> round;
                synchronized (lock) {
                    while (waiting.isEmpty() && !closed) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    round = waiting;
                    waiting = List.of();
                    reading = Set.copyOf(round);
                }
                Map<Position, RecordTimestamp> found = read(round);
                synchronized (lock) {
                    found.forEach((position, timestamp) -> {
                        if (reading.contains(position)) {
                            known.put(position, timestamp);
                        }
                    });
                    reading = Set.of();
                }
            }
        } catch (InterruptedException e) {
            // Only close() interrupts this thread.
        } finally {
            Thread.interrupted(); // so that closing the reader's clients is not cut short
            closeReader();
        }
    }

    private Map<Position, RecordTimestamp> read(List<Position> round) throws InterruptedException {
        try {
            return reader.read(round);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Source %s: reading %d message timestamps failed; lag in time stays estimated there",
                    source, round.size());
            return Map.of();
        }
    }

    private void closeReader() {
        try {
            reader.close();
        } catch (RuntimeException e) {
            LOG.debugf("Source %s: the lag timestamp reader did not close cleanly: %s", source, e.toString());
        }
    }

    /**
     * Stops the reader: interrupts a round under way and waits up to 3 s for it to end. Never
     * throws; a round that ignores its interrupt closes the reader itself when it ends.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            lock.notifyAll();
        }
        if (running == null) {
            closeReader();
            return;
        }
        running.interrupt();
        try {
            running.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only a partition with messages left to read has a next message. */
    private static Optional<Position> position(GroupOffset offset) {
        Long lag = offset.lag();
        if (lag == null || lag == 0) {
            return Optional.empty();
        }
        return Optional.of(new Position(offset.topic(), offset.partition(), offset.nextOffset()));
    }
}
