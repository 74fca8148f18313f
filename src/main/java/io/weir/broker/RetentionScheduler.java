package io.weir.broker;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Applies every topic's retention at a fixed interval on one daemon thread,
 * "weir-broker-retention", owned by the {@link Broker}. A failing topic is logged and retried at
 * the next run; it does not stop the others.
 */
final class RetentionScheduler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetentionScheduler.class.getName());

    private final ScheduledExecutorService executor;
    private final Supplier<Collection<Topic>> topics;

    RetentionScheduler(Duration interval, Supplier<Collection<Topic>> topics) {
        this.topics = topics;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-broker-retention");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One pass over all topics; also callable directly (tests, operations). */
    void runOnce() {
        for (Topic topic : topics.get()) {
            try {
                topic.applyRetention();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Retention of topic " + topic.name() + " failed", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
