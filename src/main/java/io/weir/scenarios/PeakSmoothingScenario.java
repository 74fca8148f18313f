package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.embedded.EmbeddedBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The article's flash sale: a burst of orders arrives at once (as fast as the broker takes them)
 * and waits in a topic, while one consumer, standing for the database, takes them at a fixed safe
 * rate. The backlog rises at once and drains in a straight line; the lag-in-seconds rule in
 * {@code alert-rules/scenarios.yml} ({@value #ALERT}) fires while it is long and resolves when it
 * is gone.
 */
public final class PeakSmoothingScenario extends Scenario {

    public static final String TOPIC = "scenario-flash-sale";
    public static final String GROUP = "flash-sale-orders";
    /** The alert rule shipped for this scenario; it matches only {@link #TOPIC} and {@link #GROUP}. */
    public static final String ALERT = "ScenarioFlashSaleBacklog";
    /** Its threshold, as in the rule file: the page draws it on the lag chart. */
    public static final Duration ALERT_THRESHOLD = Duration.ofSeconds(10);

    private static final int PUBLISH_BATCH = 1000;
    private static final int MAX_FETCH = 500;

    /**
     * What the page shows.
     *
     * @param sent requests of the bursts so far published
     * @param burstTook how long the latest burst took to publish; zero while none finished
     * @param burstRate requests per second of the latest finished burst
     * @param drained orders the consumer took
     * @param drainRate orders per second it took over the last seconds
     * @param backlog orders waiting now (the group's lag on the broker)
     */
    public record Figures(int burstSize, long sent, Duration burstTook, double burstRate, long drained,
            double drainRate, int safeRate, long backlog) {
    }

    private final ScenariosConfig.Peak config;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private volatile RateMeter drainMeter = new RateMeter();
    private volatile Duration burstTook = Duration.ZERO;
    private volatile long lastBurstSize;
    private volatile Worker burster;

    PeakSmoothingScenario(EmbeddedBroker embedded, String offReason, ScenariosConfig.Peak config) {
        super(embedded, offReason);
        this.config = config;
    }

    @Override
    public String id() {
        return "peak";
    }

    @Override
    public String title() {
        return "Peak smoothing";
    }

    @Override
    public String summary() {
        return "A flash sale's burst of " + String.format(Locale.ROOT, "%,d", config.burst()) + " orders waits in a topic and is"
                + " drained at a safe " + String.format(Locale.ROOT, "%,d", config.drainRate()) + " per second; the backlog alert fires"
                + " and resolves.";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    public ScenariosConfig.Peak config() {
        return config;
    }

    @Override
    protected void prepare(Broker broker) throws IOException {
        ensureTopic(broker, TOPIC, topicConfig(4));
        ensureGroup(broker, TOPIC, GROUP, GroupConfig.ordered());
    }

    @Override
    protected void reset() {
        sent.set(0);
        drained.set(0);
        drainMeter = new RateMeter();
        burstTook = Duration.ZERO;
        lastBurstSize = 0;
    }

    @Override
    protected void begin(Broker broker) {
        spawn("drain", new Drain(broker, drainMeter));
        burst();
    }

    /**
     * Publishes another burst, unless one is still being published.
     *
     * @throws IllegalStateException if the scenario is not running
     */
    public synchronized void burst() {
        if (!running()) {
            throw new IllegalStateException("start the scenario first");
        }
        if (burster != null && burster.alive()) {
            return;
        }
        Broker broker = broker();
        long first = sent.get();
        long last = first + config.burst();
        long start = System.nanoTime();
        burstTook = Duration.ZERO;
        burster = spawn("burst", worker -> {
            long from = sent.get();
            int count = (int) Math.min(PUBLISH_BATCH, last - from);
            List<OutgoingMessage> batch = new ArrayList<>(count);
            for (long n = from; n < from + count; n++) {
                batch.add(OutgoingMessage.keyed("buyer-" + n, "{\"order\":" + n + ",\"item\":\"flash-sale-" + n % 1000 + "\"}"));
            }
            broker.publish(TOPIC, batch);
            if (sent.addAndGet(count) < last) {
                return true;
            }
            lastBurstSize = last - first;
            burstTook = Duration.ofNanos(System.nanoTime() - start);
            return false;
        });
    }

    /**
     * The safe consumer: takes at most {@code drain-rate} orders per second. Its allowance builds
     * up only while there is work; an idle consumer does not save up a burst of its own.
     */
    private final class Drain implements Worker.Loop {
        private final Broker broker;
        private final RateMeter meter;
        private long baseNanos = System.nanoTime();
        private long drainedAtBase;

        Drain(Broker broker, RateMeter meter) {
            this.broker = broker;
            this.meter = meter;
        }

        @Override
        public boolean step(Worker worker) throws Exception {
            long allowed = (long) ((System.nanoTime() - baseNanos) / 1e9 * config.drainRate())
                    - (drained.get() - drainedAtBase);
            if (allowed <= 0) {
                return worker.pause(Duration.ofMillis(Math.max(5, 1000 / config.drainRate())));
            }
            List<ConsumedMessage> batch = broker.fetch(TOPIC, GROUP, GROUP + "-1", (int) Math.min(allowed, MAX_FETCH),
                    Duration.ofMillis(200));
            if (batch.isEmpty()) {
                baseNanos = System.nanoTime();
                drainedAtBase = drained.get();
                return true;
            }
            Map<Integer, Long> offsets = new HashMap<>();
            batch.forEach(m -> offsets.put(m.partition(), m.offset() + 1));
            broker.commit(TOPIC, GROUP, GROUP + "-1", offsets);
            drained.addAndGet(batch.size());
            meter.record(batch.size());
            return true;
        }

        @Override
        public void finish() {
            broker.leaveGroup(TOPIC, GROUP, GROUP + "-1");
        }
    }

    public Figures figures() {
        Duration took = burstTook;
        long backlog = 0;
        try {
            backlog = broker().describeGroup(TOPIC, GROUP).totalLag();
        } catch (RuntimeException e) {
            // no topic yet, or the broker is closing: nothing waits
        }
        return new Figures(config.burst(), sent.get(), took, took.isZero() ? 0 : lastBurstSize / (took.toNanos() / 1e9),
                drained.get(), drainMeter.perSecond(), config.drainRate(), backlog);
    }
}
