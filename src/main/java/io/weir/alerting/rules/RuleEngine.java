package io.weir.alerting.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertBatch;
import io.weir.alerting.promql.Evaluator;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.SourceMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Loads the rule files, evaluates each group on its interval over the monitor's history, keeps
 * the alerts' state (persisted, so restarts keep it), and hands every evaluation's firing and
 * newly resolved alerts to the dispatcher as an {@link AlertBatch} event.
 *
 * <p>Threads: one scheduler thread only starts work, never does it, so a slow group, database or
 * filesystem cannot delay the others' ticks; two worker threads evaluate groups and re-read
 * files. A group whose previous evaluation still runs skips its tick. Evaluations start once every
 * source has been polled twice (at most {@link #WARM_UP} after start), so a restart does not
 * resolve a firing alert for want of data: rates and lag in seconds need two polls (after one,
 * a stopped group's lag in seconds is only a lower bound near zero).
 */
@ApplicationScoped
public class RuleEngine {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);
    static final Duration WARM_UP = Duration.ofSeconds(60);

    private final SourceMonitor monitor;
    private final Event<AlertBatch> batches;
    private final AlertStateStore store;
    private final RuleDirectory directory;
    private final Duration reloadInterval;
    private final RuleMetrics metrics;
    private final Evaluator evaluator;
    private final Map<String, RuleGroup> groups = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> ticks = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private final AtomicInteger loadErrors = new AtomicInteger();
    private volatile List<RuleLoadError> errors = List.of();
    private Instant startedAt;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;

    RuleEngine(MonitorHistory history, SourceMonitor monitor, Event<AlertBatch> batches, AlertStateStore store,
            MeterRegistry registry,
            @ConfigProperty(name = "weir.alerting.rules-dir", defaultValue = "alert-rules") Path rulesDir,
            @ConfigProperty(name = "weir.alerting.evaluation-interval", defaultValue = "15s") Duration evaluationInterval,
            @ConfigProperty(name = "weir.alerting.reload-interval", defaultValue = "5s") Duration reloadInterval) {
        this.monitor = monitor;
        this.batches = batches;
        this.store = store;
        this.directory = new RuleDirectory(rulesDir.toAbsolutePath().normalize(), evaluationInterval);
        this.reloadInterval = reloadInterval;
        this.metrics = new RuleMetrics(registry, loadErrors::get);
        this.evaluator = new Evaluator(new IndexedHistory(history.recent()));
    }

    void start(@Observes StartupEvent event) {
        startedAt = Instant.now();
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("weir-rule-scheduler"));
        workers = Executors.newFixedThreadPool(2, daemon("weir-rule-worker"));
        LOG.infof("Alert rules are read from %s (every %s)", directory.directory(), reloadInterval);
        reload();
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

    /** Every pending, firing or recently resolved alert: firing first, then pending, then resolved. */
    public List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        currentGroups().forEach(group -> alerts.addAll(group.alerts()));
        alerts.sort(Comparator.comparing(Alert::state, Comparator.comparingInt(s -> switch (s) {
            case FIRING -> 0;
            case PENDING -> 1;
            case RESOLVED -> 2;
        })).thenComparing(Alert::activeAt));
        return alerts;
    }

    /** Every loaded rule, by file, group and order. */
    public List<RuleStatus> rules() {
        List<RuleStatus> rules = new ArrayList<>();
        currentGroups().forEach(group -> rules.addAll(group.statuses()));
        return rules;
    }

    /** Errors of the files whose last load failed; their last good version stays active. */
    public List<RuleLoadError> loadErrors() {
        return errors;
    }

    public Path rulesDirectory() {
        return directory.directory();
    }

    /** Calls {@code listener} (on a worker thread) after every evaluation and reload; returns the unsubscribe. */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void reload() {
        try {
            if (directory.scan()) {
                apply(directory.groups());
                errors = directory.errors();
                loadErrors.set(errors.size());
                errors.forEach(error -> LOG.errorf("Alert rule file refused, its last good version stays active: %s", error));
                metrics.update(currentGroups());
                changed();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reloading the alert rules failed; the rules stay as they were");
        } finally {
            reloading.set(false);
        }
    }

    /** Replaces changed groups (carrying their alerts over), starts new ones, stops removed ones. */
    private void apply(List<RuleGroupDefinition> definitions) {
        Map<String, RuleGroup> next = new LinkedHashMap<>();
        for (RuleGroupDefinition definition : definitions) {
            RuleGroup old;
            synchronized (this) {
                old = groups.get(definition.key());
            }
            if (old != null && old.definition().equals(definition)) {
                next.put(definition.key(), old);
                continue;
            }
            RuleGroup group = new RuleGroup(definition);
            group.restore(old != null ? old.alerts() : store.load(definition));
            next.put(definition.key(), group);
        }
        synchronized (this) {
            for (Map.Entry<String, RuleGroup> existing : groups.entrySet()) {
                RuleGroup replacement = next.get(existing.getKey());
                if (replacement != existing.getValue()) {
                    ticks.remove(existing.getKey()).cancel(false);
                    if (replacement == null) {
                        store.forget(existing.getValue().definition());
                    }
                }
            }
            for (Map.Entry<String, RuleGroup> group : next.entrySet()) {
                if (!ticks.containsKey(group.getKey())) {
                    long interval = group.getValue().definition().interval().toMillis();
                    ticks.put(group.getKey(), scheduler.scheduleAtFixedRate(() -> tick(group.getValue()), 0, interval,
                            TimeUnit.MILLISECONDS));
                }
            }
            groups.clear();
            groups.putAll(next);
        }
    }

    private void tick(RuleGroup group) {
        if (warmingUp() || !group.tryStart()) {
            return;
        }
        workers.execute(() -> evaluate(group));
    }

    private boolean warmingUp() {
        boolean everySourcePolled = monitor.sourceNames().stream().allMatch(name -> monitor.polls(name) >= 2);
        return !everySourcePolled && Instant.now().isBefore(startedAt.plus(WARM_UP));
    }

    private void evaluate(RuleGroup group) {
        RuleGroupDefinition definition = group.definition();
        // Milliseconds, as Prometheus' timestamps, so persisted times compare equal after a restart.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Alert> batch = group.evaluate(evaluator, at);
        try {
            store.save(definition, group.alerts());
        } catch (RuntimeException e) {
            LOG.warnf("Could not persist the alerts of group %s (%s): %s", definition.name(), definition.file(), e.getMessage());
        }
        try {
            batches.fire(new AlertBatch(definition.name(), at, batch));
        } catch (RuntimeException e) {
            LOG.warnf(e, "An observer of the alerts of group %s failed", definition.name());
        }
        metrics.update(currentGroups());
        changed();
    }

    private synchronized List<RuleGroup> currentGroups() {
        return List.copyOf(groups.values());
    }

    private void changed() {
        listeners.forEach(Runnable::run);
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
