package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.PublishResult;
import io.weir.broker.embedded.EmbeddedBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three failures the article warns about, each with its remedy, side by side:
 * <ul>
 * <li><b>Messages that cannot be processed</b> ({@value #PAYMENTS}): every n-th payment fails in
 *     its consumer; after its attempts the broker moves it to the group's dead-letter topic, where
 *     the operator replays it through the ordinary replay feature once the consumer is fixed.</li>
 * <li><b>Duplicates</b> ({@value #PAYOUTS}): the producer sometimes retries a publish whose
 *     acknowledgement it "lost" (the broker's dedup window drops the copy), and the consumer
 *     sometimes "crashes" after paying a batch but before committing it, so the batch comes
 *     again. The consumer is idempotent: it remembers the message IDs it paid and skips repeats.</li>
 * <li><b>Order</b> ({@value #ORDER_EVENTS}): each order's events (created, paid, shipped,
 *     delivered) carry the order ID as key, so they share a partition; two consumers at different
 *     speeds split the four partitions, and a checker counts events seen out of order per order.</li>
 * </ul>
 */
public final class FailuresScenario extends Scenario {

    public static final String PAYMENTS = "scenario-payments";
    public static final String PAYMENTS_GROUP = "payments-worker";
    public static final String PAYOUTS = "scenario-payouts";
    public static final String PAYOUTS_GROUP = "payouts-ledger";
    public static final String ORDER_EVENTS = "scenario-order-events";
    public static final String ORDER_EVENTS_GROUP = "order-events-tracker";

    private static final String[] STEPS = {"created", "paid", "shipped", "delivered"};
    private static final int OPEN_ORDERS = 20;
    private static final int REMEMBERED_IDS = 100_000;
    /** Headers a replayed dead letter carries: the broker's own dead-letter headers, or a replay job's. */
    private static final List<String> REPLAY_HEADER_PREFIXES = List.of("weir.dlq.", "weir.replay.");

    /** Dead letters: payments that failed, were dead-lettered, and came back and were processed. */
    public record DeadLetterFigures(long published, long processed, long failedAttempts, long deadLetters,
            long recovered, boolean fixed, String deadLetterTopic) {
    }

    /** Duplicates: from the producer's retries (dropped by the broker) and the consumer's crashes (skipped by it). */
    public record DuplicateFigures(long published, long producerRetries, long droppedByBroker, long crashes,
            long deliveries, long paid, long absorbed) {
    }

    /** Order: events checked per key across the partitions, and those seen out of order. */
    public record OrderFigures(long published, long checked, long redelivered, long violations, int partitions,
            Map<String, Long> perConsumer) {
    }

    public record Figures(DeadLetterFigures deadLetters, DuplicateFigures duplicates, OrderFigures order) {
    }

    private final ScenariosConfig.Failures config;
    private volatile boolean fixed;
    private final AtomicLong payments = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong payouts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong absorbed = new AtomicLong();
    private final Map<String, Boolean> paid = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final Map<String, Integer> lastStep = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final Map<String, AtomicLong> perConsumer = new ConcurrentHashMap<>();

    FailuresScenario(EmbeddedBroker embedded, String offReason, ScenariosConfig.Failures config) {
        super(embedded, offReason);
        this.config = config;
    }

    @Override
    public String id() {
        return "failures";
    }

    @Override
    public String title() {
        return "Failures: dead letters, duplicates, order";
    }

    @Override
    public String summary() {
        return "A consumer that fails some payments (dead letters, replayed), duplicate deliveries absorbed by an"
                + " idempotent consumer, and per-key order kept across partitions, each counted.";
    }

    @Override
    public List<String> topics() {
        return List.of(PAYMENTS, PAYOUTS, ORDER_EVENTS);
    }

    public ScenariosConfig.Failures config() {
        return config;
    }

    /** The dead-letter topic of the payments group, as the broker names it. */
    public static String deadLetterTopic() {
        return PAYMENTS + "." + PAYMENTS_GROUP + ".dlq";
    }

    @Override
    protected void prepare(Broker broker) throws IOException {
        ensureTopic(broker, PAYMENTS, topicConfig(1));
        ensureGroup(broker, PAYMENTS, PAYMENTS_GROUP, GroupConfig.shared(Duration.ofSeconds(5), config.maxAttempts()));
        ensureTopic(broker, PAYOUTS, topicConfig(2));
        ensureGroup(broker, PAYOUTS, PAYOUTS_GROUP, GroupConfig.ordered());
        ensureTopic(broker, ORDER_EVENTS, topicConfig(4));
        ensureGroup(broker, ORDER_EVENTS, ORDER_EVENTS_GROUP, GroupConfig.ordered());
    }

    @Override
    protected void reset() {
        fixed = false;
        List.of(payments, processed, failedAttempts, recovered, payouts, retries, dropped, crashes, deliveries, absorbed,
                events, checked, redelivered, violations).forEach(counter -> counter.set(0));
        synchronized (lastStep) {
            lastStep.clear();
        }
        paid.clear();
        perConsumer.clear();
    }

    /** "Deploys the fix": from now on the payments consumer processes every payment, replayed ones included. */
    public void fix() {
        fixed = true;
    }

    @Override
    protected void begin(Broker broker) {
        Duration interval = Duration.ofNanos((long) (1e9 / config.messagesPerSecond()));
        spawn("payments-producer", worker -> {
            long n = payments.incrementAndGet();
            boolean expired = n % config.failEvery() == 0;
            broker.publish(PAYMENTS, List.of(OutgoingMessage.keyed("payment-" + n, "{\"payment\":" + n + ",\"card\":\""
                    + (expired ? "expired" : "valid") + "\"}")));
            return worker.pause(interval);
        });
        spawn("payments-worker", worker -> {
            for (Delivery delivery : broker.receive(PAYMENTS, PAYMENTS_GROUP, "payments-worker-1", 10, Duration.ofMillis(200))) {
                String value = new String(delivery.message().record().value(), StandardCharsets.UTF_8);
                if (!fixed && value.contains("\"expired\"")) {
                    failedAttempts.incrementAndGet();
                    broker.nack(delivery.receipt(), "card expired: the payment service cannot charge it");
                } else if (broker.ack(delivery.receipt())) {
                    processed.incrementAndGet();
                    if (delivery.message().record().headers().keySet().stream()
                            .anyMatch(h -> REPLAY_HEADER_PREFIXES.stream().anyMatch(h::startsWith))) {
                        recovered.incrementAndGet();
                    }
                }
            }
            return true;
        });
        spawn("payouts-producer", worker -> {
            long n = payouts.incrementAndGet();
            OutgoingMessage payout = OutgoingMessage.keyed("account-" + n % 50, "{\"payout\":" + n + "}")
                    .withMessageId("payout-" + n);
            publishCountingDuplicates(broker, payout);
            if (n % 7 == 0) {
                // The acknowledgement was "lost": a producer with at-least-once retries sends it again, same ID.
                retries.incrementAndGet();
                publishCountingDuplicates(broker, payout);
            }
            return worker.pause(interval);
        });
        spawn("payouts-ledger", new PayoutLedger(broker));
        spawn("order-events-producer", new OrderEvents(broker, interval));
        for (int consumer = 1; consumer <= 2; consumer++) {
            String id = ORDER_EVENTS_GROUP + "-" + consumer;
            Duration work = Duration.ofMillis(consumer == 1 ? 2 : 15);
            AtomicLong mine = perConsumer.computeIfAbsent(id, k -> new AtomicLong());
            spawn(id, new GroupReader(broker, ORDER_EVENTS, ORDER_EVENTS_GROUP, id, 20, (message, w) -> {
                if (!w.pause(work)) {
                    return false;
                }
                check(message);
                mine.incrementAndGet();
                return true;
            }));
        }
    }

    private void publishCountingDuplicates(Broker broker, OutgoingMessage message) {
        for (PublishResult result : broker.publish(PAYOUTS, List.of(message))) {
            if (result.duplicate()) {
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * The idempotent payout consumer: pays each payout ID once (a dedup table of the IDs paid),
     * and "crashes" every {@code crash-every}-th batch after paying but before committing.
     */
    private final class PayoutLedger implements Worker.Loop {
        private final Broker broker;
        private int batches;
        private int incarnation = 1;

        PayoutLedger(Broker broker) {
            this.broker = broker;
        }

        private String consumerId() {
            return PAYOUTS_GROUP + "-" + incarnation;
        }

        @Override
        public boolean step(Worker worker) throws Exception {
            List<ConsumedMessage> batch = broker.fetch(PAYOUTS, PAYOUTS_GROUP, consumerId(), 10, Duration.ofMillis(200));
            if (batch.isEmpty()) {
                return true;
            }
            Map<Integer, Long> offsets = new HashMap<>();
            for (ConsumedMessage message : batch) {
                deliveries.incrementAndGet();
                if (paid.putIfAbsent(message.record().messageId(), Boolean.TRUE) != null) {
                    absorbed.incrementAndGet();
                }
                offsets.put(message.partition(), message.offset() + 1);
            }
            if (++batches % config.crashEvery() == 0) {
                // Crash after paying, before committing: the group hands the batch out again.
                crashes.incrementAndGet();
                broker.leaveGroup(PAYOUTS, PAYOUTS_GROUP, consumerId());
                incarnation++;
                return true;
            }
            broker.commit(PAYOUTS, PAYOUTS_GROUP, consumerId(), offsets);
            return true;
        }

        @Override
        public void finish() {
            broker.leaveGroup(PAYOUTS, PAYOUTS_GROUP, consumerId());
        }
    }

    /** Publishes the next event of one of the open orders, keyed by the order's ID. */
    private final class OrderEvents implements Worker.Loop {
        private final Broker broker;
        private final Duration interval;
        private final int[] step = new int[OPEN_ORDERS];
        private final long[] order = new long[OPEN_ORDERS];
        private final AtomicInteger next = new AtomicInteger();
        private long orders;
        private boolean first = true;

        OrderEvents(Broker broker, Duration interval) {
            this.broker = broker;
            this.interval = interval;
            for (int i = 0; i < OPEN_ORDERS; i++) {
                order[i] = ++orders;
            }
        }

        @Override
        public boolean step(Worker worker) {
            if (first) {
                // Both consumers join and split the partitions before the first event exists.
                first = false;
                return worker.pause(Duration.ofMillis(500));
            }
            // Several events per tick, interleaving orders, as many clients would.
            for (int i = 0; i < 3; i++) {
                int slot = Math.floorMod(next.getAndAdd(7), OPEN_ORDERS);
                String id = "order-" + order[slot];
                broker.publish(ORDER_EVENTS, List.of(OutgoingMessage.keyed(id, id + ":" + step[slot] + ":" + STEPS[step[slot]])));
                events.incrementAndGet();
                if (++step[slot] == STEPS.length) {
                    step[slot] = 0;
                    order[slot] = ++orders;
                }
            }
            return worker.pause(interval);
        }
    }

    /**
     * The order checker: each order's next event must be the one after the last seen. An event
     * seen before is a redelivery (at least once, after a rebalance), not a violation; one that
     * skips ahead means an earlier event is still to come: out of order.
     */
    private void check(ConsumedMessage message) {
        String[] parts = new String(message.record().value(), StandardCharsets.UTF_8).split(":");
        int seen = Integer.parseInt(parts[1]);
        checked.incrementAndGet();
        synchronized (lastStep) {
            int before = lastStep.getOrDefault(parts[0], -1);
            if (seen <= before) {
                redelivered.incrementAndGet();
                return;
            }
            if (seen != before + 1) {
                violations.incrementAndGet();
            }
            lastStep.put(parts[0], seen);
        }
    }

    public Figures figures() {
        long deadLetters = 0;
        try {
            deadLetters = broker().describeGroup(PAYMENTS, PAYMENTS_GROUP).deadLetters();
        } catch (RuntimeException e) {
            // not created yet
        }
        Map<String, Long> consumers = new TreeMap<>();
        perConsumer.forEach((id, count) -> consumers.put(id, count.get()));
        return new Figures(
                new DeadLetterFigures(payments.get(), processed.get(), failedAttempts.get(), deadLetters, recovered.get(),
                        fixed, deadLetterTopic()),
                new DuplicateFigures(payouts.get(), retries.get(), dropped.get(), crashes.get(), deliveries.get(),
                        deliveries.get() - absorbed.get(), absorbed.get()),
                new OrderFigures(events.get(), checked.get(), redelivered.get(), violations.get(), 4, consumers));
    }
}
