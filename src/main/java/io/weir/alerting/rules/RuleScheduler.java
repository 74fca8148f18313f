package io.weir.alerting.rules;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.cluster.Leadership;
import io.weir.monitor.SourceMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * When the {@link RuleEngine} works: re-reads the rule files every {@code reload-interval} and
 * ticks each group on its own interval. Every decision whether to evaluate now is taken in
 * {@link #mayEvaluate}: only on the leader, after the warm-up. A replica that becomes the leader
 * (or leads again after losing the lease) first reloads every group's alerts from the database,
 * where the previous leader left them, so firing alerts keep their activeAt and firedAt and the
 * dispatcher, finding them in the notification log, does not notify them again. A follower
 * re-reads the stored alerts every reload-interval instead of evaluating, for its console and API.
 *
 * <p>Threads: one scheduler thread only starts work, never does it, so a slow group, database or
 * filesystem cannot delay the others' ticks; two worker threads evaluate groups and re-read
 * files. A group whose previous evaluation still runs skips its tick. Evaluations start once every
 * source has been polled twice (at most {@link #WARM_UP} after start), so a restart does not
 * resolve a firing alert for want of data: rates and lag in seconds need two polls (after one,
 * a stopped group's lag in seconds is only a lower bound near zero).
 */
@ApplicationScoped
class RuleScheduler {

    private static final Logger LOG = Logger.getLogger(RuleScheduler.class);
    static final Duration WARM_UP = Duration.ofSeconds(60);

    private final RuleEngine engine;
    private final SourceMonitor monitor;
    private final Leadership leadership;
    private final Duration reloadInterval;
    /** The epoch whose alert state the groups hold: the database's as of that epoch's start. */
    private volatile long stateEpoch;
    /** Scheduler thread only: the tick of each group, by key, with the group instance it ticks. */
    private final Map<String, Tick> ticks = new HashMap<>();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private Instant startedAt;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;

    private record Tick(RuleGroup group, ScheduledFuture<?> future) {
    }

    RuleScheduler(RuleEngine engine, SourceMonitor monitor, Leadership leadership,
            @ConfigProperty(name = "weir.alerting.reload-interval", defaultValue = "5s") Duration reloadInterval) {
        this.engine = engine;
        this.monitor = monitor;
        this.leadership = leadership;
        this.reloadInterval = reloadInterval;
    }

    void start(@Observes StartupEvent event) {
        startedAt = Instant.now();
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("weir-rule-scheduler"));
        workers = Executors.newFixedThreadPool(2, daemon("weir-rule-worker"));
        LOG.infof("Alert rules are read from %s (every %s)", engine.rulesDirectory(), reloadInterval);
        long epoch = leadership.epoch();
        engine.reload();
        stateEpoch = epoch; // the stored alerts just loaded are this epoch's, when it leads
        scheduler.execute(this::reschedule);
        scheduler.scheduleWithFixedDelay(() -> {
            if (reloading.compareAndSet(false, true)) {
                workers.execute(this::reload);
            }
        }, reloadInterval.toMillis(), reloadInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
            workers.shutdownNow();
        }
    }

    private void reload() {
        try {
            engine.reload();
            if (leadership.clustered() && !leadership.isLeader()) {
                // A follower evaluates nothing: its Alerts page shows what the leader stored, this fresh.
                stateEpoch = -1;
                engine.reloadState();
            }
            scheduler.execute(this::reschedule);
        } catch (RuntimeException e) {
            // The database does not answer: the console's banner and the readiness check say so.
            LOG.debugf(e, "A follower could not re-read the stored alerts");
        } finally {
            reloading.set(false);
        }
    }

    /** Scheduler thread: cancels the ticks of replaced or removed groups, starts those of new ones. */
    private void reschedule() {
        List<RuleGroup> groups = engine.groups();
        Map<String, RuleGroup> current = new HashMap<>();
        groups.forEach(group -> current.put(group.definition().key(), group));
        ticks.entrySet().removeIf(tick -> {
            boolean stale = current.get(tick.getKey()) != tick.getValue().group();
            if (stale) {
                tick.getValue().future().cancel(false);
            }
            return stale;
        });
        for (RuleGroup group : groups) {
            ticks.computeIfAbsent(group.definition().key(), key -> new Tick(group, scheduler.scheduleAtFixedRate(
                    () -> tick(group), 0, group.definition().interval().toMillis(), TimeUnit.MILLISECONDS)));
        }
    }

    private void tick(RuleGroup group) {
        if (!mayEvaluate()) {
            return;
        }
        long epoch = leadership.epoch();
        if (epoch != stateEpoch) {
            if (reloading.compareAndSet(false, true)) {
                workers.execute(() -> reloadState(epoch));
            }
            return;
        }
        if (group.tryStart()) {
            workers.execute(() -> engine.evaluate(group));
        }
    }

    /** Worker thread: the groups start again from the alerts the previous leader stored. */
    private void reloadState(long epoch) {
        try {
            engine.reloadState();
            stateEpoch = epoch;
            LOG.infof("Alert state reloaded from the database for leader epoch %d", epoch);
            scheduler.execute(this::reschedule);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reloading the alert state from the database failed; trying again at the next tick");
        } finally {
            reloading.set(false);
        }
    }

    private boolean mayEvaluate() {
        if (!leadership.isLeader()) {
            return false;
        }
        boolean everySourcePolled = monitor.sourceNames().stream().allMatch(name -> monitor.polls(name) >= 2);
        return everySourcePolled || !Instant.now().isBefore(startedAt.plus(WARM_UP));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
