package io.weir.broker;

import io.weir.broker.log.AppendResult;
import io.weir.broker.log.Fsync;
import io.weir.broker.log.LogRecord;
import io.weir.broker.log.Message;
import io.weir.broker.log.OffsetOutOfRangeException;
import io.weir.broker.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * A topic: its partition logs ({@code partition-<n>/} in the topic directory), the router that
 * spreads messages over them, the dedup window and the backlog limit. Publishing returns only
 * after {@link PartitionLog#append} returned, i.e. once the messages are durable under the
 * topic's flush policy. Thread-safe.
 */
final class Topic implements AutoCloseable {

    private static final long READ_MAX_BYTES = 4L << 20;

    private final String name;
    private final Path dir;
    private final Clock clock;
    private final Fsync fsync;
    private volatile TopicConfig config; // changed only by alter
    private volatile Layout layout;
    private final DedupWindow dedup;
    private final BacklogLimit backlog;
    private final ChangeSignal appended;
    private final GeneratedIds generatedIds = new GeneratedIds();

    /** The partition logs and the router over them, replaced together when partitions are added. */
    private record Layout(List<PartitionLog> logs, PartitionRouter router) {
        Layout(List<PartitionLog> logs) {
            this(List.copyOf(logs), new PartitionRouter(logs.size()));
        }
    }

    private Topic(String name, Path dir, TopicConfig config, Clock clock, Fsync fsync, DiskSpace disk,
            List<PartitionLog> partitions, Runnable onAppend) {
        this.name = name;
        this.appended = new ChangeSignal(onAppend);
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.fsync = fsync;
        this.layout = new Layout(partitions);
        this.dedup = new DedupWindow(config.dedupMaxIds(), config.dedupWindow(), clock);
        this.backlog = new BacklogLimit(name, this::config, this::messages, this::sizeBytes, disk);
    }

    /** Creates the partitions, then the metadata file, so a crash in between leaves no topic. */
    static Topic create(Path dir, String name, TopicConfig config, Clock clock, DiskSpace disk, Fsync fsync,
            Runnable onAppend) throws IOException {
        Files.createDirectories(dir);
        Topic topic = open(dir, name, config, clock, disk, fsync, onAppend);
        try {
            MetadataFile.writeTopic(dir, config);
        } catch (IOException | RuntimeException e) {
            topic.close();
            throw e;
        }
        return topic;
    }

    /** {@code onAppend} runs on the publishing thread after every append (and ack redelivery signal); it must not block. */
    static Topic open(Path dir, String name, Clock clock, DiskSpace disk, Fsync fsync, Runnable onAppend)
            throws IOException {
        return open(dir, name, MetadataFile.readTopic(dir), clock, disk, fsync, onAppend);
    }

    private static Topic open(Path dir, String name, TopicConfig config, Clock clock, DiskSpace disk, Fsync fsync,
            Runnable onAppend) throws IOException {
        List<PartitionLog> logs = new ArrayList<>();
        try {
            for (int p = 0; p < config.partitions(); p++) {
                logs.add(PartitionLog.open(dir.resolve("partition-" + p), config.log(), fsync));
            }
        } catch (IOException | RuntimeException e) {
            for (PartitionLog log : logs) {
                log.close();
            }
            throw e;
        }
        Topic topic = new Topic(name, dir, config, clock, fsync, disk, logs, onAppend);
        topic.dedup.rebuildFrom(topic.logs());
        return topic;
    }

    /** {@link #publish(int, List)} routing each message by its key. */
    List<PublishResult> publish(List<OutgoingMessage> messages) {
        return publish(-1, messages);
    }

    /**
     * Stores the messages in {@code partition}, or with -1 each in the partition its key chooses,
     * and returns where, in order.
     * A message whose ID the dedup window holds is not stored; its result points at the original.
     * If an append fails, messages of other partitions may already be stored: the producer
     * retries the whole call with the same IDs and gets those back as duplicates.
     *
     * @throws BacklogLimitException if the topic is full (after waiting, under {@link BacklogPolicy#BLOCK})
     * @throws DiskSpaceException if the broker's disk is short of space (after waiting, likewise)
     */
    List<PublishResult> publish(int partition, List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(messages.size());
        for (OutgoingMessage m : messages) {
            ids.add(m.messageId());
        }
        // IDs first: a retry of stored messages is answered as duplicates even when the topic is full
        List<DedupWindow.Claim> claims = dedup.claim(ids, generatedIds::next);
        int owned = (int) claims.stream().filter(DedupWindow.Claim::owner).count();
        if (owned > 0) {
            try {
                backlog.reserveForPublish(owned);
            } catch (RuntimeException refused) {
                claims.stream().filter(DedupWindow.Claim::owner).forEach(c -> dedup.failed(c, refused));
                throw refused;
            }
        }
        try {
            PublishResult[] results = new PublishResult[messages.size()];
            appendClaimed(partition, messages, claims, results);
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    DedupWindow.Location original = original(claims.get(i));
                    results[i] = new PublishResult(original.partition(), original.offset(), true);
                }
            }
            return List.of(results);
        } finally {
            if (owned > 0) {
                backlog.release(owned);
            }
        }
    }

    /**
     * Appends the messages whose ID this call claimed, one append per partition, and fills in
     * their results. All partitions are written before any is waited for, so their group commits
     * run in parallel. After a failed write the remaining claims are given up unwritten, so that a
     * retry is not mistaken for a duplicate of messages that were never stored; a partition whose
     * records were written but not made durable gives up its claims too.
     */
    private void appendClaimed(int target, List<OutgoingMessage> messages, List<DedupWindow.Claim> claims,
            PublishResult[] results) {
        List<PartitionBatch> batches = byPartition(target, messages, claims);
        Instant now = clock.instant();
        RuntimeException failure = null;
        AppendResult[] written = new AppendResult[batches.size()];
        for (int b = 0; b < batches.size() && failure == null; b++) {
            PartitionBatch batch = batches.get(b);
            List<Message> toWrite = new ArrayList<>(batch.indexes().length);
            for (int i : batch.indexes()) {
                toWrite.add(messages.get(i).toMessage(claims.get(i).id(), now));
            }
            try {
                written[b] = logs().get(batch.partition()).write(toWrite);
            } catch (RuntimeException ex) {
                failure = ex;
            }
        }
        for (int b = 0; b < batches.size(); b++) {
            PartitionBatch batch = batches.get(b);
            int partition = batch.partition();
            int[] indexes = batch.indexes();
            RuntimeException cause = failure;
            if (written[b] != null) {
                try {
                    logs().get(partition).awaitDurable(written[b]);
                    for (int k = 0; k < indexes.length; k++) {
                        long offset = written[b].baseOffset() + k;
                        results[indexes[k]] = new PublishResult(partition, offset, false);
                        dedup.accepted(claims.get(indexes[k]), new DedupWindow.Location(partition, offset));
                    }
                    continue;
                } catch (RuntimeException ex) {
                    failure = failure == null ? ex : failure;
                    cause = ex;
                }
            }
            for (int i : indexes) {
                dedup.failed(claims.get(i), cause);
            }
        }
        if (!batches.isEmpty()) {
            appended.signal();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The indexes, in publish order, of a publish's messages that go to one partition. */
    private record PartitionBatch(int partition, int[] indexes) {
    }

    /** The claimed messages grouped by partition ({@code partition}, or by key when -1), in partition order. */
    private List<PartitionBatch> byPartition(int partition, List<OutgoingMessage> messages,
            List<DedupWindow.Claim> claims) {
        Layout now = layout; // one count for router and arrays, even while partitions are added
        int keyless = partition >= 0 ? partition : now.router().nextKeyless();
        int[] partitionOf = new int[messages.size()];
        int[] counts = new int[now.logs().size()];
        for (int i = 0; i < messages.size(); i++) {
            int target = partition >= 0 ? partition : now.router().partitionFor(messages.get(i).key(), keyless);
            partitionOf[i] = claims.get(i).owner() ? target : -1;
            if (partitionOf[i] >= 0) {
                counts[partitionOf[i]]++;
            }
        }
        int[][] indexes = new int[counts.length][];
        List<PartitionBatch> batches = new ArrayList<>();
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] > 0) {
                indexes[p] = new int[counts[p]];
                batches.add(new PartitionBatch(p, indexes[p]));
                counts[p] = 0; // from here on, the next free slot
            }
        }
        for (int i = 0; i < partitionOf.length; i++) {
            int p = partitionOf[i];
            if (p >= 0) {
                indexes[p][counts[p]++] = i;
            }
        }
        return batches;
    }

    /** Waits for a concurrent publish of the same ID; if that failed, so does this duplicate. */
    private static DedupWindow.Location original(DedupWindow.Claim claim) {
        try {
            return claim.location().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** {@link #append} of a message from outside the broker, stamped now where it has no timestamp. */
    PublishResult republish(int partition, OutgoingMessage message) {
        String id = message.messageId() == null ? generatedIds.next() : message.messageId();
        return append(partition, message.toMessage(id, clock.instant()));
    }

    /**
     * Appends without the dedup window, for dead letters and replays, which repeat IDs on
     * purpose. {@code partition} -1 routes by key.
     */
    PublishResult append(int partition, Message message) {
        backlog.reserve(1);
        try {
            Layout now = layout;
            int target = partition >= 0 && partition < now.logs().size() ? partition
                    : now.router().partitionFor(message.key(), now.router().nextKeyless());
            long offset = now.logs().get(target).append(List.of(message)).baseOffset();
            appended.signal();
            return new PublishResult(target, offset, false);
        } finally {
            backlog.release(1);
        }
    }

    /**
     * Acknowledged records from {@code from} on, or from the partition's start if retention has
     * deleted {@code from}, even while this call reads; see {@link PartitionLog#read}.
     */
    List<LogRecord> readFrom(int partition, long from, int max) {
        return readFrom(partition, from, max, READ_MAX_BYTES);
    }

    /** As {@link #readFrom(int, long, int)}, stopping before {@code maxBytes} (at least one record). */
    List<LogRecord> readFrom(int partition, long from, int max, long maxBytes) {
        PartitionLog log = logs().get(partition);
        while (true) {
            try {
                return log.read(Math.max(from, log.startOffset()), max, maxBytes);
            } catch (OffsetOutOfRangeException e) {
                if (e.requested() >= e.startOffset()) {
                    throw e;
                }
            }
        }
    }

    /** The record at {@code offset}, or empty if retention deleted it. */
    Optional<LogRecord> readAt(int partition, long offset) {
        try {
            return logs().get(partition).read(offset, 1, READ_MAX_BYTES).stream().findFirst();
        } catch (OffsetOutOfRangeException e) {
            if (offset >= e.startOffset()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    PartitionLog partition(int partition) {
        return logs().get(partition);
    }

    int partitionCount() {
        return logs().size();
    }

    /** Signalled after every append: long polls wait on it. */
    ChangeSignal appended() {
        return appended;
    }

    /** Applies time and size retention to every partition; returns the number of deleted segments. */
    int applyRetention() throws IOException {
        int deleted = 0;
        for (PartitionLog log : logs()) {
            if (config.retentionTime() != null) {
                deleted += log.deleteSegmentsOlderThan(clock.instant().minus(config.retentionTime()));
            }
            if (config.retentionBytes() > 0) {
                deleted += log.deleteSegmentsBeyondSize(config.retentionBytes());
            }
        }
        if (deleted > 0) {
            backlog.roomMade();
        }
        return deleted;
    }

    /**
     * Deletes every acknowledged message of every partition ({@link PartitionLog#deleteAllRecords});
     * returns how many.
     */
    long deleteAllMessages() throws IOException {
        long deleted = 0;
        for (PartitionLog log : logs()) {
            deleted += log.deleteAllRecords();
        }
        if (deleted > 0) {
            backlog.roomMade();
        }
        return deleted;
    }

    TopicDescription describe() {
        List<PartitionDescription> list = new ArrayList<>();
        for (int p = 0; p < logs().size(); p++) {
            PartitionLog log = logs().get(p);
            list.add(new PartitionDescription(p, log.startOffset(), log.endOffset(), log.sizeBytes(), log.isFailed()));
        }
        return new TopicDescription(name, config, list);
    }

    private long messages() {
        return logs().stream().mapToLong(log -> log.endOffset() - log.startOffset()).sum();
    }

    private long sizeBytes() {
        return logs().stream().mapToLong(PartitionLog::sizeBytes).sum();
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    TopicConfig config() {
        return config;
    }

    private List<PartitionLog> logs() {
        return layout.logs();
    }

    /**
     * Changes the topic's settings to {@code next} while it is open and stores them: retention,
     * backlog limits, segment and record size apply at once; new partitions are created (empty)
     * before the metadata file names them, so a crash in between leaves the old count and unused
     * directories that a later growth reuses. Keys published meanwhile may go to a partition of
     * either count. Returns the settings before.
     *
     * @throws IllegalArgumentException if {@code next} has fewer partitions, or changes the flush
     *     policy, group commit, index interval or dedup settings, which are fixed while it is open
     */
    synchronized TopicConfig alter(TopicConfig next) throws IOException {
        TopicConfig before = config;
        if (next.partitions() < before.partitions()) {
            throw new IllegalArgumentException("topic " + name + " has " + before.partitions()
                    + " partitions; partitions cannot be removed");
        }
        if (next.dedupMaxIds() != before.dedupMaxIds() || !next.dedupWindow().equals(before.dedupWindow())) {
            throw new IllegalArgumentException("the dedup window of topic " + name + " cannot change");
        }
        List<PartitionLog> logs = new ArrayList<>(logs());
        if (logs.stream().anyMatch(log -> !log.config().differsOnlyInLimits(next.log()))) {
            throw new IllegalArgumentException("only the segment and record size of an open topic's logs can change");
        }
        List<PartitionLog> added = new ArrayList<>();
        try {
            for (int p = logs.size(); p < next.partitions(); p++) {
                added.add(PartitionLog.open(dir.resolve("partition-" + p), next.log(), fsync));
            }
            MetadataFile.writeTopic(dir, next);
        } catch (IOException | RuntimeException e) {
            for (PartitionLog log : added) {
                log.close();
            }
            throw e;
        }
        for (PartitionLog log : logs) {
            log.changeLimits(next.log());
        }
        logs.addAll(added);
        config = next;
        layout = new Layout(logs);
        backlog.roomMade(); // limits may have grown
        return before;
    }


    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PartitionLog log : logs()) {
            try {
                log.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        backlog.roomMade();
        if (first != null) {
            throw first;
        }
    }
}
