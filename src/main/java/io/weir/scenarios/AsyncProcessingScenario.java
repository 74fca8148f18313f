package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.embedded.EmbeddedBroker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The article's registration: write the user's row, then send an SMS, a welcome email and a
 * coupon. Two flows run side by side, each issuing registrations at the same rate: one does all of
 * it inside the request (a synchronous call chain), the other writes the row, publishes a
 * "registered" event and returns, while three consumer groups of the event topic do the rest.
 * Each step is simulated by waiting its configured time; the latencies are measured, not computed.
 */
public final class AsyncProcessingScenario extends Scenario {

    public static final String TOPIC = "scenario-registrations";

    /** One downstream service: its consumer group and the time it takes per message. */
    public record Service(String name, String group, Duration work) {
    }

    /** A service's progress: messages it handled, and how long after the registration the last one was done. */
    public record ServiceFigures(Service service, long handled, Duration lastDoneAfter) {
    }

    /** What the page shows. */
    public record Figures(Latencies.Summary withQueue, Latencies.Summary synchronous, List<ServiceFigures> services) {
    }

    private final ScenariosConfig.Async config;
    private final List<Service> services;
    private volatile Latencies withQueue = new Latencies();
    private volatile Latencies synchronous = new Latencies();
    private final Map<String, AtomicLong> handled;
    private final Map<String, AtomicLong> lastDoneAfterNanos;
    private final AtomicLong registrations = new AtomicLong();

    AsyncProcessingScenario(EmbeddedBroker embedded, String offReason, ScenariosConfig.Async config) {
        super(embedded, offReason);
        this.config = config;
        this.services = List.of(new Service("SMS", "registration-sms", config.sms()),
                new Service("Email", "registration-email", config.email()),
                new Service("Coupon", "registration-coupon", config.coupon()));
        this.handled = Map.of("registration-sms", new AtomicLong(), "registration-email", new AtomicLong(),
                "registration-coupon", new AtomicLong());
        this.lastDoneAfterNanos = Map.of("registration-sms", new AtomicLong(), "registration-email", new AtomicLong(),
                "registration-coupon", new AtomicLong());
    }

    @Override
    public String id() {
        return "async";
    }

    @Override
    public String title() {
        return "Asynchronous processing";
    }

    @Override
    public String summary() {
        return "A registration publishes an event and returns; SMS, email and coupon consumers do the rest. Request"
                + " latency with the queue against a synchronous call chain doing the same work, measured.";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    public List<Service> services() {
        return services;
    }

    public ScenariosConfig.Async config() {
        return config;
    }

    @Override
    protected void prepare(Broker broker) throws IOException {
        ensureTopic(broker, TOPIC, topicConfig(1));
        for (Service service : services) {
            ensureGroup(broker, TOPIC, service.group(), GroupConfig.ordered());
        }
    }

    @Override
    protected void reset() {
        withQueue = new Latencies();
        synchronous = new Latencies();
        handled.values().forEach(count -> count.set(0));
        lastDoneAfterNanos.values().forEach(nanos -> nanos.set(0));
    }

    @Override
    protected void begin(Broker broker) {
        Duration interval = Duration.ofNanos((long) (1e9 / config.requestsPerSecond()));
        Latencies queued = withQueue;
        Latencies chained = synchronous;
        spawn("with-queue", paced(interval, worker -> {
            if (!worker.pause(config.dbWrite())) {
                return false;
            }
            String user = "user-" + registrations.incrementAndGet();
            broker.publish(TOPIC, List.of(OutgoingMessage.keyed(user, "{\"event\":\"registered\",\"user\":\"" + user + "\"}")));
            return true;
        }, queued));
        spawn("synchronous", paced(interval, worker -> worker.pause(config.dbWrite()) && worker.pause(config.sms())
                && worker.pause(config.email()) && worker.pause(config.coupon()), chained));
        for (Service service : services) {
            spawn(service.group(), new GroupReader(broker, TOPIC, service.group(), service.group() + "-1", 20,
                    (message, worker) -> {
                        if (!worker.pause(service.work())) {
                            return false;
                        }
                        handled.get(service.group()).incrementAndGet();
                        lastDoneAfterNanos.get(service.group())
                                .set(Duration.between(message.record().timestamp(), Instant.now()).toNanos());
                        return true;
                    }));
        }
    }

    /** One request as the client sees it: returns false when cut short by a stop. */
    @FunctionalInterface
    private interface Request {
        boolean run(Worker worker) throws Exception;
    }

    /** Issues a request every {@code interval} (back to back if one takes longer) and records its latency. */
    private static Worker.Loop paced(Duration interval, Request request, Latencies latencies) {
        return worker -> {
            long start = System.nanoTime();
            if (!request.run(worker)) {
                return false;
            }
            long took = System.nanoTime() - start;
            latencies.record(Duration.ofNanos(took));
            return worker.pause(Duration.ofNanos(Math.max(0, interval.toNanos() - took)));
        };
    }

    public Figures figures() {
        return new Figures(withQueue.summary(), synchronous.summary(), services.stream()
                .map(s -> new ServiceFigures(s, handled.get(s.group()).get(),
                        Duration.ofNanos(lastDoneAfterNanos.get(s.group()).get())))
                .toList());
    }
}
