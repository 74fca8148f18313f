package io.weir.broker;

import io.weir.broker.log.Fsync;
import io.weir.broker.log.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded broker: topics of partitioned durable logs, consumer groups in ordered or shared
 * mode, dead-letter topics, offset resets and retention, in one data directory:
 * <pre>
 * .lock                               held while the broker is open
 * topics/&lt;topic&gt;/topic.properties      settings ({@link MetadataFile})
 * topics/&lt;topic&gt;/partition-&lt;n&gt;/        the partition logs ({@code io.weir.broker.log})
 * topics/&lt;topic&gt;/groups/&lt;group&gt;/      group.properties and the state journal ({@link GroupStateJournal})
 * trash/                              deletions in progress, emptied on open
 * </pre>
 * All methods are thread-safe. Methods that wait say so; the others block at most for disk I/O
 * (a publish for its fsync). Names of topics and groups are 1 to 200 of {@code [A-Za-z0-9._-]}.
 */
public final class Broker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private record OpenTopic(Topic topic, TopicGroups groups) {
        /** Groups first: closing compacts their journals, which read nothing from the logs. */
        void close() throws IOException {
            try (topic) {
                groups.close();
            }
        }
    }

    private final Path topicsDir;
    private final Path trash;
    private final BrokerConfig config;
    private final Fsync fsync;
    private final LongAdder fsyncs = new LongAdder();
    private final LongAdder fsyncNanos = new LongAdder();
    private final DirectoryLock lock;
    private final Map<String, OpenTopic> topics = new ConcurrentHashMap<>();
    private final DeadLetters deadLetters;
    private final RetentionScheduler retention;
    private final DiskSpace disk;
    private final List<Consumer<String>> appendListeners = new CopyOnWriteArrayList<>();

    private Broker(Path dataDir, BrokerConfig config, Fsync fsync, DirectoryLock lock) {
        this.topicsDir = dataDir.resolve("topics");
        this.trash = dataDir.resolve("trash");
        this.config = config;
        this.fsync = channel -> {
            long start = System.nanoTime();
            fsync.force(channel);
            fsyncNanos.add(System.nanoTime() - start);
            fsyncs.increment();
        };
        this.lock = lock;
        this.disk = new DiskSpace(dataDir, config.minFreeDiskBytes());
        this.deadLetters = new DeadLetters(this::deadLetterTopic, name -> open(name).topic(), config.clock());
        this.retention = new RetentionScheduler(config.retentionInterval(),
                () -> topics.values().stream().map(OpenTopic::topic).toList());
    }

    /**
     * Opens the broker in {@code dataDir} (created if needed), recovering every topic and group.
     *
     * @throws IllegalStateException if another broker has the directory open
     */
    public static Broker open(Path dataDir, BrokerConfig config) throws IOException {
        return open(dataDir, config, Fsync.DATA);
    }

    /** As {@link #open(Path, BrokerConfig)} with a substitute fsync for the partition logs, for failure tests. */
    static Broker open(Path dataDir, BrokerConfig config, Fsync fsync) throws IOException {
        Files.createDirectories(dataDir.resolve("topics"));
        Broker broker = new Broker(dataDir, config, fsync, DirectoryLock.lock(dataDir));
        try {
            broker.load();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private void load() throws IOException {
        AtomicFile.deleteTree(trash);
        Files.createDirectories(trash);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(topicsDir)) {
            dirs = list.filter(Files::isDirectory).toList();
        }
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            if (!Files.exists(dir.resolve(MetadataFile.TOPIC))) {
                LOG.log(Level.INFO, "Deleting unfinished topic {0}", dir);
                AtomicFile.deleteTree(dir);
                continue;
            }
            Topic topic = Topic.open(dir, name, config.clock(), disk, fsync, appended(name));
            topics.put(name, new OpenTopic(topic, TopicGroups.open(topic, config, deadLetters)));
        }
    }

    // ---- topics

    /** @throws IllegalStateException if the topic exists */
    public TopicDescription createTopic(String name, TopicConfig topicConfig) throws IOException {
        checkName("topic", name);
        synchronized (topics) {
            if (topics.containsKey(name)) {
                throw new IllegalStateException("topic " + name + " already exists");
            }
            Path dir = topicsDir.resolve(name);
            AtomicFile.deleteTree(dir);
            Topic topic = Topic.create(dir, name, topicConfig, config.clock(), disk, fsync, appended(name));
            topics.put(name, new OpenTopic(topic, TopicGroups.open(topic, config, deadLetters)));
            return topic.describe();
        }
    }

    /** Deletes the topic with its messages and groups. Its dead-letter topics are topics of their own and stay. */
    public void deleteTopic(String name) throws IOException {
        OpenTopic open;
        synchronized (topics) {
            open = open(name);
            topics.remove(name);
        }
        LOG.log(Level.INFO, "Deleting topic {0}", name);
        open.close();
        Path target = trash.resolve(name + "-" + System.nanoTime());
        Files.move(topicsDir.resolve(name), target);
        AtomicFile.deleteTree(target);
    }

    /**
     * Changes the topic's settings to what {@code change} makes of the current ones, durably, and
     * returns the topic as it is then; see {@link TopicConfig} for what can change. Added
     * partitions start empty, and ordered groups hand them to their consumers at once. Changes
     * to one topic are serialised, so concurrent changes do not undo each other.
     *
     * @throws IllegalArgumentException if the new settings remove partitions or change what is fixed
     */
    public TopicDescription alterTopic(String name, UnaryOperator<TopicConfig> change) throws IOException {
        OpenTopic open = open(name);
        Topic topic = open.topic();
        synchronized (topic) {
            TopicConfig next = change.apply(topic.config());
            TopicConfig before = topic.alter(next);
            if (next.partitions() > before.partitions()) {
                LOG.log(Level.INFO, "Topic {0} grew from {1} to {2} partitions", name, before.partitions(),
                        next.partitions());
                open.groups().partitionsAdded();
            }
        }
        return topic.describe();
    }

    /** Names of all topics, sorted. */
    public List<String> topics() {
        return topics.keySet().stream().sorted().toList();
    }

    public TopicDescription describeTopic(String name) {
        return open(name).topic().describe();
    }

    /**
     * Publishes the messages and returns, in the same order, where each was stored. Returns once
     * all are durable under the topic's flush policy. See {@link Topic#publish} for duplicates.
     *
     * @throws BacklogLimitException if the topic is full; under {@link BacklogPolicy#BLOCK} after
     *     waiting up to its block timeout
     * @throws DiskSpaceException if the data directory's disk has less free space than
     *     {@link BrokerConfig#minFreeDiskBytes()}; likewise after waiting under {@code BLOCK}
     */
    public List<PublishResult> publish(String topic, List<OutgoingMessage> messages) {
        return open(topic).topic().publish(messages);
    }

    /**
     * As {@link #publish(String, List)}, but every message goes to {@code partition} whatever its
     * key, for producers that choose partitions themselves; in one append, so in order.
     *
     * @throws IllegalArgumentException if the topic has no such partition
     */
    public List<PublishResult> publish(String topic, int partition, List<OutgoingMessage> messages) {
        Topic t = open(topic).topic();
        checkPartition(t, partition);
        return t.publish(partition, messages);
    }

    /**
     * Calls {@code listener} with the topic's name after every append to a topic, and whenever a
     * shared group makes a message deliverable again, on the thread that did it: it must return
     * quickly and never block. For long polls that wait without holding a thread.
     */
    public void addAppendListener(Consumer<String> listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Consumer<String> listener) {
        appendListeners.remove(listener);
    }

    private Runnable appended(String topic) {
        return () -> {
            for (Consumer<String> listener : appendListeners) {
                listener.accept(topic);
            }
        };
    }

    /**
     * The timestamp of the stored message at {@code offset} (the producer's, or the time of
     * acceptance when the producer gave none), empty when retention deleted it or the offset is
     * the log end. Reads one message from disk.
     */
    public Optional<Instant> timestampAt(String topic, int partition, long offset) {
        Topic t = open(topic).topic();
        if (partition < 0 || partition >= t.partitionCount() || offset >= t.partition(partition).endOffset()) {
            return Optional.empty();
        }
        return t.readAt(partition, offset).map(LogRecord::timestamp);
    }

    /**
     * Up to {@code max} stored messages of the partition from {@code fromOffset} on (from the
     * oldest left when retention deleted it), for browsing: reads the log only, so no group sees,
     * joins or moves anything. Empty at the log end. Reads from disk.
     *
     * @throws IllegalArgumentException if the partition does not exist or the offset is beyond the log end
     */
    public List<LogRecord> read(String topic, int partition, long fromOffset, int max) {
        return read(topic, partition, fromOffset, max, Long.MAX_VALUE);
    }

    /**
     * As {@link #read(String, int, long, int)}, stopping before the records' stored size would
     * exceed {@code maxBytes}, but with at least one record if there is one (at most 4 MiB in all).
     */
    public List<LogRecord> read(String topic, int partition, long fromOffset, int max, long maxBytes) {
        checkMax(max);
        Topic t = open(topic).topic();
        checkPartition(t, partition);
        if (fromOffset > t.partition(partition).endOffset()) {
            throw new IllegalArgumentException("offset " + fromOffset + " is beyond the end of " + topic + "/" + partition);
        }
        return t.readFrom(partition, fromOffset, max, Math.min(maxBytes, 4L << 20));
    }

    private static void checkPartition(Topic t, int partition) {
        if (partition < 0 || partition >= t.partitionCount()) {
            throw new IllegalArgumentException("topic " + t.name() + " has no partition " + partition);
        }
    }

    /**
     * The first offset of the partition whose message is stamped at or after {@code time}, or the
     * log end if all are older. Timestamps need not be ordered; see {@code PartitionLog#findOffsetByTimestamp}.
     */
    public long offsetAt(String topic, int partition, Instant time) {
        Topic t = open(topic).topic();
        if (partition < 0 || partition >= t.partitionCount()) {
            throw new IllegalArgumentException("topic " + topic + " has no partition " + partition);
        }
        return t.partition(partition).findOffsetByTimestamp(time);
    }

    /** Data fsyncs of the partition logs since open (group state journals not counted); never goes down. */
    public long fsyncCount() {
        return fsyncs.sum();
    }

    /** Time spent in those fsyncs since open, in nanoseconds. */
    public long fsyncNanos() {
        return fsyncNanos.sum();
    }

    /** Free space on the data directory's disk (at most 100 ms old) and the broker's limit for it. */
    public DiskStatus disk() {
        return disk.status();
    }

    // ---- groups

    /** Creates a group; it starts at the oldest stored message of each partition. */
    public GroupDescription createGroup(String topic, String group, GroupConfig groupConfig) throws IOException {
        checkName("group", group);
        return describe(open(topic).groups().create(group, groupConfig));
    }

    public void deleteGroup(String topic, String group) throws IOException {
        open(topic).groups().delete(group, trash);
    }

    /** The topic's groups, sorted by name. */
    public List<GroupDescription> groups(String topic) {
        List<GroupDescription> list = new ArrayList<>();
        open(topic).groups().all().forEach(g -> list.add(describe(g)));
        list.sort((a, b) -> a.group().compareTo(b.group()));
        return list;
    }

    public GroupDescription describeGroup(String topic, String group) {
        return describe(open(topic).groups().get(group));
    }

    private GroupDescription describe(Group group) {
        String dlq = DeadLetters.topicName(group.topic.name(), group.name());
        OpenTopic deadLetterTopic = topics.get(dlq);
        return group.describe(dlq, deadLetterTopic == null ? 0 : DeadLetters.pending(group, deadLetterTopic.topic()));
    }

    // ---- ordered consumption

    /**
     * Ordered mode: joins or heartbeats {@code consumerId} and returns up to {@code max} messages
     * of its assigned partitions, waiting up to {@code wait} if there are none.
     */
    public List<ConsumedMessage> fetch(String topic, String group, String consumerId, int max, Duration wait)
            throws InterruptedException {
        checkMax(max);
        return group(topic, group, ConsumerGroup.class).fetch(consumerId, max, wait);
    }

    /**
     * Ordered mode: commits for {@code consumerId}, per partition, the offset of the next message
     * to consume. Committed offsets only move forward: an offset at or below the committed one
     * changes nothing (only {@link #applyOffsetReset} moves a group back).
     *
     * @throws IllegalStateException if the consumer does not own every partition it commits (it
     *     was never a member, left, timed out, lost the partition in a rebalance, or the broker
     *     restarted since its last fetch); nothing is committed then
     */
    public void commit(String topic, String group, String consumerId, Map<Integer, Long> offsets) {
        group(topic, group, ConsumerGroup.class).commit(consumerId, offsets);
    }

    /**
     * Ordered mode, for groups whose membership another protocol keeps (the Kafka listener's
     * consumer groups): commits {@code offsets} (partition to next offset to consume) without an
     * ownership check, creating the group with {@code newGroup} if the topic has none of that
     * name. Unlike {@link #commit}, an offset may move back. Durable when it returns.
     *
     * @throws IllegalArgumentException for a bad group name, an unknown partition or an offset beyond the log end
     * @throws IllegalStateException if the group is in shared mode or has consumers fetching through the broker
     */
    public void commitExternally(String topic, String group, Map<Integer, Long> offsets, GroupConfig newGroup)
            throws IOException {
        TopicGroups groups = open(topic).groups();
        synchronized (groups) {
            if (groups.all().stream().noneMatch(g -> g.name().equals(group))) {
                createGroup(topic, group, newGroup);
            }
        }
        group(topic, group, ConsumerGroup.class).commitExternally(offsets);
    }

    /**
     * Ordered mode, for groups whose membership another protocol keeps: the group forgets its
     * committed offsets of {@code partitions} and resumes them at the oldest stored message, as a
     * new group would. A group left with no committed offset at all is deleted, since nothing of
     * it is left. Durable when it returns.
     *
     * @throws UnknownGroupException if the topic has no such group
     * @throws IllegalArgumentException for an unknown partition
     * @throws IllegalStateException if the group is in shared mode or has consumers fetching through the broker
     */
    public void forgetOffsets(String topic, String group, Set<Integer> partitions) throws IOException {
        if (!group(topic, group, ConsumerGroup.class).forget(partitions)) {
            deleteGroup(topic, group);
        }
    }

    /**
     * The consumer leaves the group now rather than at its session timeout; in ordered mode its
     * partitions go to the remaining members.
     */
    public void leaveGroup(String topic, String group, String consumerId) {
        open(topic).groups().get(group).leave(consumerId);
    }

    // ---- shared consumption

    /** Shared mode: up to {@code max} deliveries for {@code consumerId}, waiting up to {@code wait} if there are none. */
    public List<Delivery> receive(String topic, String group, String consumerId, int max, Duration wait)
            throws InterruptedException {
        checkMax(max);
        return group(topic, group, SharedSubscription.class).receive(consumerId, max, wait);
    }

    /** Shared mode: settles the delivery; false if it was settled before or the receipt is stale. */
    public boolean ack(Receipt receipt) {
        return group(receipt.topic(), receipt.group(), SharedSubscription.class).ack(receipt);
    }

    /** Shared mode: redeliver now, or dead-letter if attempts are exhausted; false if the receipt is not current. */
    public boolean nack(Receipt receipt, String reason) {
        return group(receipt.topic(), receipt.group(), SharedSubscription.class).nack(receipt, reason);
    }

    // ---- operations

    /** Computes where an offset reset would move the group, without changing anything. */
    public OffsetResetPlan planOffsetReset(String topic, String group, OffsetResetSpec spec) {
        return OffsetResetPlanner.plan(open(topic).topic(), open(topic).groups().get(group), spec);
    }

    /**
     * Moves the group to the plan's positions. In shared mode everything from the new position on
     * counts as never delivered.
     *
     * @throws IllegalStateException if the group has active consumers
     */
    public void applyOffsetReset(OffsetResetPlan plan) {
        open(plan.topic()).groups().get(plan.group()).applyReset(plan);
    }

    /** Plans and applies in one step; returns the plan applied. */
    public OffsetResetPlan resetOffsets(String topic, String group, OffsetResetSpec spec) {
        OffsetResetPlan plan = planOffsetReset(topic, group, spec);
        applyOffsetReset(plan);
        return plan;
    }

    /** Republishes up to {@code max} of the group's dead letters to their original topic; see {@link DeadLetters#replay}. */
    public int replayDeadLetters(String topic, String group, ReplayMode mode, int max) {
        Group g = open(topic).groups().get(group);
        OpenTopic dlq = topics.get(DeadLetters.topicName(topic, group));
        return dlq == null ? 0 : deadLetters.replay(g, dlq.topic(), mode, max);
    }

    /**
     * Publishes dead letters again, one append each, without the dedup window (they keep the
     * message ID they were first accepted under), to {@code partition} or, when it is -1 or
     * beyond the topic's partitions, to the partition their key picks. Returns once each is
     * durable under the topic's flush policy, for callers that replay dead letters themselves
     * (a replay job that edits headers or chooses the destination).
     */
    public List<PublishResult> republish(String topic, int partition, List<OutgoingMessage> messages) {
        Topic t = open(topic).topic();
        return messages.stream().map(message -> t.republish(partition, message)).toList();
    }

    /**
     * Records durably that the group's dead letters before {@code nextOffset} of dead-letter
     * partition {@code deadLetterPartition} are replayed, as {@link ReplayMode#MOVE} does: they no
     * longer count as the group's dead letters. Never moves the position back.
     */
    public void markReplayed(String topic, String group, int deadLetterPartition, long nextOffset) {
        Group g = open(topic).groups().get(group);
        synchronized (g) {
            if (nextOffset > g.replayPosition(deadLetterPartition)) {
                g.replayed(deadLetterPartition, nextOffset);
            }
        }
    }

    /**
     * Deletes every message stored in the topic up to its current end, durably (see
     * {@code PartitionLog.deleteAllRecords}); messages published meanwhile may stay. Groups reading
     * the topic continue from the new start, so their lag drops to what is left. For a dead-letter
     * topic the owning group's replay position moves to the end as well, so it has no pending dead
     * letters. Not undoable.
     *
     * @return number of messages deleted
     * @throws UnknownTopicException if there is no such topic
     */
    public long purgeTopic(String name) throws IOException {
        Topic topic = open(name).topic();
        long deleted = topic.deleteAllMessages();
        for (OpenTopic original : topics.values()) {
            for (Group owner : original.groups().all()) {
                if (DeadLetters.topicName(original.topic().name(), owner.name()).equals(name)) {
                    for (PartitionDescription p : topic.describe().partitions()) {
                        owner.replayed(p.partition(), p.startOffset());
                    }
                }
            }
        }
        return deleted;
    }

    /** Applies retention to every topic now, as the scheduler does every {@code retentionInterval}. */
    public void applyRetention() {
        retention.runOnce();
    }

    private Topic deadLetterTopic(String original, String group) {
        String name = DeadLetters.topicName(original, group);
        OpenTopic existing = topics.get(name);
        if (existing != null) {
            return existing.topic();
        }
        synchronized (topics) {
            if (!topics.containsKey(name)) {
                TopicConfig base = open(original).topic().config();
                try {
                    createTopic(name, TopicConfig.partitions(1).withLog(base.log()));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not create dead-letter topic " + name, e);
                }
            }
            return open(name).topic();
        }
    }

    private <T extends Group> T group(String topic, String group, Class<T> mode) {
        Group g = open(topic).groups().get(group);
        if (!mode.isInstance(g)) {
            throw new IllegalStateException("group " + group + " of topic " + topic + " is " + g.config().mode()
                    + (g.config().mode() == DeliveryMode.ORDERED ? ": use fetch and commit" : ": use receive, ack and nack"));
        }
        return mode.cast(g);
    }

    private OpenTopic open(String name) {
        OpenTopic open = name == null ? null : topics.get(name);
        if (open == null) {
            checkName("topic", name); // a name no topic can have is bad input, not a missing topic
            throw new UnknownTopicException(name);
        }
        return open;
    }

    private static void checkMax(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
    }

    /** @throws IllegalArgumentException if no topic or group can have the name */
    static void checkName(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(kind + " name must be 1 to 200 of [A-Za-z0-9._-]: " + name);
        }
    }

    /** Stops retention, closes every group (compacting its journal) and topic, and releases the directory. */
    @Override
    public void close() throws IOException {
        try {
            retention.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException first = null;
        for (OpenTopic open : topics.values()) {
            try {
                open.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        topics.clear();
        lock.close();
        if (first != null) {
            throw first;
        }
    }
}
