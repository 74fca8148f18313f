package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.embedded.EmbeddedBroker;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * One live scenario: the topics and groups it creates on the built-in broker, and the workers
 * (producers, consumers) that run while it is started. Start, stop and delete are serialised;
 * figures may be read from any thread at any time.
 */
public abstract class Scenario {

    private static final Logger LOG = Logger.getLogger(Scenario.class);

    private final EmbeddedBroker embedded;
    /** Why this deployment does not offer the scenarios; null when it does. */
    private final String offReason;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile Instant startedAt;

    protected Scenario(EmbeddedBroker embedded, String offReason) {
        this.embedded = embedded;
        this.offReason = offReason;
    }

    /** The path segment of its page, e.g. {@code async}. */
    public abstract String id();

    public abstract String title();

    /** One sentence: what it shows. */
    public abstract String summary();

    /** The topics it creates (its groups' dead-letter topics come with them). */
    public abstract List<String> topics();

    /** Creates what is missing of its topics and groups. */
    protected abstract void prepare(Broker broker) throws IOException;

    /** Starts its workers with {@link #spawn}. */
    protected abstract void begin(Broker broker);

    /** Clears the figures of the previous run; called before {@link #begin}. */
    protected abstract void reset();

    /**
     * Creates its topics and groups where missing and starts its load; nothing if it runs already.
     *
     * @throws IllegalStateException if the scenarios are off here or the built-in broker is not running
     */
    public synchronized void start() throws IOException {
        if (offReason != null) {
            throw new IllegalStateException("the scenarios are off: " + offReason);
        }
        if (running()) {
            return;
        }
        Broker broker = broker();
        prepare(broker);
        reset();
        startedAt = Instant.now();
        begin(broker);
        LOG.infof("Scenario %s started", id());
    }

    /** Stops every worker and waits for their threads to end: afterwards it puts no load on the broker. */
    public synchronized void stop() {
        if (startedAt == null) {
            return;
        }
        workers.forEach(Worker::stop);
        workers.clear();
        startedAt = null;
        LOG.infof("Scenario %s stopped", id());
    }

    public boolean running() {
        return startedAt != null;
    }

    /** When the current run started; null when stopped. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Its topics that exist now, with their dead-letter topics, and the messages each holds. */
    public Map<String, Long> storedTopics() {
        Map<String, Long> stored = new LinkedHashMap<>();
        embedded.broker().ifPresent(broker -> {
            for (String topic : ownTopics(broker)) {
                try {
                    stored.put(topic, broker.describeTopic(topic).messages());
                } catch (UnknownTopicException e) {
                    // deleted meanwhile
                }
            }
        });
        return stored;
    }

    /** Stops it, then deletes its topics with their groups and dead-letter topics; returns the topics deleted. */
    public synchronized List<String> deleteTopics() throws IOException {
        stop();
        Broker broker = broker();
        List<String> deleted = new ArrayList<>();
        for (String topic : ownTopics(broker)) {
            try {
                broker.deleteTopic(topic);
                deleted.add(topic);
            } catch (UnknownTopicException e) {
                // deleted meanwhile
            }
        }
        LOG.infof("Scenario %s deleted its topics %s", id(), deleted);
        return deleted;
    }

    private List<String> ownTopics(Broker broker) {
        List<String> existing = broker.topics();
        List<String> own = new ArrayList<>();
        for (String topic : topics()) {
            if (existing.contains(topic)) {
                own.add(topic);
            }
            existing.stream().filter(t -> t.startsWith(topic + ".") && t.endsWith(".dlq")).forEach(own::add);
        }
        return own;
    }

    /** Starts a worker that stops with the scenario. */
    protected Worker spawn(String role, Worker.Loop loop) {
        Worker worker = Worker.start(id() + "-" + role, loop);
        workers.add(worker);
        return worker;
    }

    /** Stops one worker before the scenario stops (a consumer the operator stops). */
    protected void retire(Worker worker) {
        worker.stop();
        workers.remove(worker);
    }

    protected Broker broker() {
        return embedded.broker().orElseThrow(() -> new IllegalStateException(
                "the built-in broker is not running (weir.broker.enabled=false): the scenarios need it"));
    }

    /** The broker's default topic settings with {@code partitions} partitions. */
    protected TopicConfig topicConfig(int partitions) {
        TopicConfig defaults = embedded.config().topicDefaults();
        return new TopicConfig(partitions, defaults.log(), defaults.retentionTime(), defaults.retentionBytes(), 0, 0,
                defaults.backlogPolicy(), defaults.blockTimeout(), defaults.dedupMaxIds(), defaults.dedupWindow());
    }

    protected static void ensureTopic(Broker broker, String topic, TopicConfig config) throws IOException {
        if (!broker.topics().contains(topic)) {
            broker.createTopic(topic, config);
        }
    }

    protected static void ensureGroup(Broker broker, String topic, String group, GroupConfig config) throws IOException {
        if (broker.groups(topic).stream().noneMatch(g -> g.group().equals(group))) {
            broker.createGroup(topic, group, config);
        }
    }
}
