package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.embedded.EmbeddedBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The article's order service: it publishes each order once to {@value #TOPIC}, and inventory,
 * logistics, points and notification each read every order in a consumer group of their own
 * (publish-subscribe). The operator adds an analytics subscriber while it runs, without touching
 * the producer, and stops and restarts any subscriber: the others and the producer carry on, and
 * the restarted one catches up from its committed offset.
 */
public final class DecouplingScenario extends Scenario {

    public static final String TOPIC = "scenario-orders";
    public static final String ANALYTICS = "orders-analytics";

    /** One subscribing service and its consumer group. */
    public record Subscriber(String name, String group) {
    }

    /**
     * @param behind orders published that its group has not committed yet, read from the broker
     */
    public record SubscriberFigures(Subscriber subscriber, boolean running, long handled, long behind) {
    }

    /** What the page shows; {@code publish} is the producer's latency per order. */
    public record Figures(long placed, Latencies.Summary publish, List<SubscriberFigures> subscribers) {
    }

    private static final List<Subscriber> FIRST = List.of(new Subscriber("Inventory", "orders-inventory"),
            new Subscriber("Logistics", "orders-logistics"), new Subscriber("Points", "orders-points"),
            new Subscriber("Notification", "orders-notification"));
    private static final Subscriber ANALYTICS_SUBSCRIBER = new Subscriber("Analytics", ANALYTICS);

    private final ScenariosConfig.Decoupling config;
    private final Map<String, Worker> consumers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
    private final AtomicLong placed = new AtomicLong();
    private volatile Latencies publish = new Latencies();

    DecouplingScenario(EmbeddedBroker embedded, String offReason, ScenariosConfig.Decoupling config) {
        super(embedded, offReason);
        this.config = config;
    }

    @Override
    public String id() {
        return "decoupling";
    }

    @Override
    public String title() {
        return "Decoupling (publish-subscribe)";
    }

    @Override
    public String summary() {
        return "One order topic, four subscribing services; add an analytics subscriber at run time, stop one and watch"
                + " the others carry on and it catch up.";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    @Override
    protected void prepare(Broker broker) throws IOException {
        ensureTopic(broker, TOPIC, topicConfig(3));
        for (Subscriber subscriber : FIRST) {
            ensureGroup(broker, TOPIC, subscriber.group(), GroupConfig.ordered());
        }
    }

    @Override
    protected void reset() {
        consumers.clear();
        handled.clear();
        placed.set(0);
        publish = new Latencies();
    }

    @Override
    protected void begin(Broker broker) {
        Latencies latencies = publish;
        Duration interval = Duration.ofNanos((long) (1e9 / config.ordersPerSecond()));
        spawn("order-service", worker -> {
            long order = placed.get() + 1;
            long start = System.nanoTime();
            broker.publish(TOPIC, List.of(OutgoingMessage.keyed("order-" + order,
                    "{\"order\":" + order + ",\"event\":\"created\"}")));
            latencies.record(Duration.ofNanos(System.nanoTime() - start));
            placed.incrementAndGet();
            return worker.pause(interval);
        });
        for (Subscriber subscriber : subscribers()) {
            startConsumer(broker, subscriber);
        }
    }

    /** The subscribers: the first four, and analytics once it was added. */
    public List<Subscriber> subscribers() {
        List<Subscriber> all = new ArrayList<>(FIRST);
        try {
            if (broker().groups(TOPIC).stream().anyMatch(g -> g.group().equals(ANALYTICS))) {
                all.add(ANALYTICS_SUBSCRIBER);
            }
        } catch (RuntimeException e) {
            // no topic yet: no analytics either
        }
        return all;
    }

    /**
     * Adds the analytics subscriber: a new consumer group, which starts at the oldest stored order,
     * so it first reads every order placed so far. The producer is not touched.
     */
    public synchronized void addAnalytics() throws IOException {
        requireRunning();
        ensureGroup(broker(), TOPIC, ANALYTICS, GroupConfig.ordered());
        startConsumer(broker(), ANALYTICS_SUBSCRIBER);
    }

    /** Stops one subscriber's consumer: it leaves its group, whose committed offset stays where it was. */
    public synchronized void stopSubscriber(String group) {
        requireRunning();
        Worker worker = consumers.remove(group);
        if (worker != null) {
            retire(worker);
        }
    }

    /** Starts one subscriber's consumer again; it continues from its group's committed offset. */
    public synchronized void startSubscriber(String group) {
        requireRunning();
        subscribers().stream().filter(s -> s.group().equals(group)).findFirst()
                .ifPresent(subscriber -> startConsumer(broker(), subscriber));
    }

    private void startConsumer(Broker broker, Subscriber subscriber) {
        if (consumers.containsKey(subscriber.group())) {
            return;
        }
        AtomicLong count = handled.computeIfAbsent(subscriber.group(), g -> new AtomicLong());
        consumers.put(subscriber.group(), spawn(subscriber.group(), new GroupReader(broker, TOPIC, subscriber.group(),
                subscriber.group() + "-1", 100, (message, worker) -> {
                    if (!worker.pause(config.work())) {
                        return false;
                    }
                    count.incrementAndGet();
                    return true;
                })));
    }

    private void requireRunning() {
        if (!running()) {
            throw new IllegalStateException("start the scenario first");
        }
    }

    public Figures figures() {
        List<SubscriberFigures> subscribers = new ArrayList<>();
        for (Subscriber subscriber : subscribers()) {
            long behind = 0;
            try {
                behind = broker().describeGroup(TOPIC, subscriber.group()).totalLag();
            } catch (RuntimeException e) {
                // deleted meanwhile
            }
            subscribers.add(new SubscriberFigures(subscriber, running() && consumers.containsKey(subscriber.group()),
                    handled.getOrDefault(subscriber.group(), new AtomicLong()).get(), behind));
        }
        return new Figures(placed.get(), publish.summary(), subscribers);
    }
}
