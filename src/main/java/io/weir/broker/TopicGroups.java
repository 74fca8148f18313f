package io.weir.broker;

import io.weir.broker.log.FlushPolicy;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The consumer groups of one topic, each in {@code groups/<name>/} of the topic directory with its
 * {@code group.properties} and {@link GroupStateJournal} files. Thread-safe.
 */
final class TopicGroups implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TopicGroups.class.getName());

    private final Topic topic;
    private final Path dir;
    private final BrokerConfig config;
    private final DeadLetters deadLetters;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    private TopicGroups(Topic topic, BrokerConfig config, DeadLetters deadLetters) {
        this.topic = topic;
        this.dir = topic.dir().resolve("groups");
        this.config = config;
        this.deadLetters = deadLetters;
    }

    /** Opens every group of the topic; a directory without metadata is an unfinished creation and is deleted. */
    static TopicGroups open(Topic topic, BrokerConfig config, DeadLetters deadLetters) throws IOException {
        TopicGroups result = new TopicGroups(topic, config, deadLetters);
        Files.createDirectories(result.dir);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(result.dir)) {
            dirs = list.filter(Files::isDirectory).toList();
        }
        try {
            for (Path groupDir : dirs) {
                String name = groupDir.getFileName().toString();
                if (!Files.exists(groupDir.resolve(MetadataFile.GROUP))) {
                    LOG.log(Level.INFO, "Deleting unfinished group {0}", groupDir);
                    AtomicFile.deleteTree(groupDir);
                } else {
                    result.groups.put(name, result.open(name, MetadataFile.readGroup(groupDir)));
                }
            }
        } catch (IOException | RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    private Group open(String name, GroupConfig groupConfig) throws IOException {
        boolean fsync = topic.config().log().flushPolicy() != FlushPolicy.OS;
        GroupStateJournal journal = GroupStateJournal.open(dir.resolve(name), fsync, config.journalCompactBytes());
        return groupConfig.mode() == DeliveryMode.ORDERED
                ? new ConsumerGroup(topic, name, groupConfig, journal, config.clock())
                : new SharedSubscription(topic, name, groupConfig, journal, config.clock(), deadLetters);
    }

    /** @throws IllegalStateException if the group exists */
    synchronized Group create(String name, GroupConfig groupConfig) throws IOException {
        if (groups.containsKey(name)) {
            throw new IllegalStateException("group " + name + " already exists on topic " + topic.name());
        }
        Path groupDir = dir.resolve(name);
        AtomicFile.deleteTree(groupDir);
        Group group = open(name, groupConfig);
        try {
            MetadataFile.writeGroup(groupDir, groupConfig);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        groups.put(name, group);
        return group;
    }

    /** Removes the group and its files; moved to {@code trash} first so a crash cannot leave half a group. */
    synchronized void delete(String name, Path trash) throws IOException {
        Group group = get(name);
        groups.remove(name);
        group.close();
        Path target = trash.resolve(topic.name() + "-" + name + "-" + System.nanoTime());
        Files.move(dir.resolve(name), target);
        AtomicFile.deleteTree(target);
    }

    /**
     * @throws UnknownGroupException if there is no such group
     * @throws IllegalArgumentException if no group can have the name
     */
    Group get(String name) {
        Group group = name == null ? null : groups.get(name);
        if (group == null) {
            Broker.checkName("group", name);
            throw new UnknownGroupException(topic.name(), name);
        }
        return group;
    }

    /** The topic grew: ordered groups hand the new partitions to their members. */
    void partitionsAdded() {
        groups.values().forEach(Group::partitionsAdded);
    }

    Collection<Group> all() {
        return groups.values();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Group group : groups.values()) {
            try {
                group.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
