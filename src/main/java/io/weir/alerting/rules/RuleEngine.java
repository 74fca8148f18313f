package io.weir.alerting.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertBatch;
import io.weir.alerting.promql.Evaluator;
import io.weir.cluster.LeaseLostException;
import io.weir.monitor.MonitorHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the rule files, evaluates a group over the monitor's history when asked, keeps the
 * alerts' state (persisted, so restarts keep it), and hands every evaluation's firing and newly
 * resolved alerts to the dispatcher as an {@link AlertBatch} event. When and on which thread a
 * group is evaluated is {@link RuleScheduler}'s business, not this class's.
 *
 * <p>A failure to persist alert state does not stop evaluation (notifications still go out), but
 * it is never silent: it counts in {@code weir_alert_state_save_failures_total}, shows on the Rules
 * page ({@link #saveFailures}) and is logged when it starts, changes and ends.
 */
@ApplicationScoped
public class RuleEngine {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);

    private final Event<AlertBatch> batches;
    private final AlertStateStore store;
    private final RuleDirectory directory;
    private final RuleMetrics metrics;
    private final Evaluator evaluator;
    private final Map<String, RuleGroup> groups = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger loadErrors = new AtomicInteger();
    private volatile List<RuleLoadError> errors = List.of();

    RuleEngine(MonitorHistory history, Event<AlertBatch> batches, AlertStateStore store, MeterRegistry registry,
            @ConfigProperty(name = "weir.alerting.rules-dir", defaultValue = "alert-rules") Path rulesDir,
            @ConfigProperty(name = "weir.alerting.evaluation-interval", defaultValue = "15s") Duration evaluationInterval) {
        this.batches = batches;
        this.store = store;
        this.directory = new RuleDirectory(rulesDir.toAbsolutePath().normalize(), evaluationInterval);
        this.metrics = new RuleMetrics(registry, loadErrors::get);
        this.evaluator = new Evaluator(new IndexedHistory(history.recent()));
    }

    /** Every pending, firing or recently resolved alert: firing first, then pending, then resolved. */
    public List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        groups().forEach(group -> alerts.addAll(group.alerts()));
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
        groups().forEach(group -> rules.addAll(group.statuses()));
        return rules;
    }

    /** Errors of the files whose last load failed; their last good version stays active. */
    public List<RuleLoadError> loadErrors() {
        return errors;
    }

    /** The groups whose alert state could not be written at their last evaluation. */
    public List<AlertStateSaveFailure> saveFailures() {
        return groups().stream().map(RuleGroup::saveFailure).filter(failure -> failure != null).toList();
    }

    public Path rulesDirectory() {
        return directory.directory();
    }

    /** Calls {@code listener} (on a worker thread) after every evaluation and reload; returns the unsubscribe. */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The groups loaded now, in file order. */
    synchronized List<RuleGroup> groups() {
        return List.copyOf(groups.values());
    }

    /**
     * Re-reads changed rule files and replaces the groups that changed (carrying their alerts
     * over), loads the stored alerts of new ones and forgets those of removed ones. Blocks on the
     * filesystem and the database; one caller at a time.
     */
    void reload() {
        try {
            if (directory.scan()) {
                apply(directory.groups());
                errors = directory.errors();
                loadErrors.set(errors.size());
                errors.forEach(error -> LOG.errorf("Alert rule file refused, its last good version stays active: %s", error));
                metrics.update(groups());
                changed();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reloading the alert rules failed; the rules stay as they were");
        }
    }

    private void apply(List<RuleGroupDefinition> definitions) {
        Map<String, RuleGroup> before;
        synchronized (this) {
            before = new LinkedHashMap<>(groups);
        }
        Map<String, RuleGroup> next = new LinkedHashMap<>();
        for (RuleGroupDefinition definition : definitions) {
            RuleGroup old = before.get(definition.key());
            if (old != null && old.definition().equals(definition)) {
                next.put(definition.key(), old);
                continue;
            }
            RuleGroup group = new RuleGroup(definition);
            group.restore(old != null ? old.alerts() : store.load(definition));
            next.put(definition.key(), group);
        }
        before.forEach((key, group) -> {
            if (!next.containsKey(key)) {
                store.forget(group.definition());
            }
        });
        synchronized (this) {
            groups.clear();
            groups.putAll(next);
        }
    }

    /**
     * Replaces every group by a copy holding the alerts stored in the database (what another
     * replica, the leader until now, evaluated last). Blocks on the database; called by the
     * scheduler only, with no reload running.
     */
    void reloadState() {
        Map<String, RuleGroup> next = new LinkedHashMap<>();
        for (RuleGroup old : groups()) {
            RuleGroup group = new RuleGroup(old.definition());
            group.restore(store.load(old.definition()));
            next.put(old.definition().key(), group);
        }
        synchronized (this) {
            groups.clear();
            groups.putAll(next);
        }
        metrics.update(groups());
        changed();
    }

    /**
     * Evaluates the group now (the caller has won {@link RuleGroup#tryStart}), persists its
     * alerts and fires the batch. Blocks on the database.
     */
    void evaluate(RuleGroup group) {
        RuleGroupDefinition definition = group.definition();
        // Milliseconds, as Prometheus' timestamps, so persisted times compare equal after a restart.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Alert> batch = group.evaluate(evaluator, at);
        try {
            save(group, at);
        } catch (LeaseLostException e) {
            // Another replica leads now and evaluates this group itself: nothing of this evaluation counts.
            LOG.infof("The alerts of group %s were not saved nor dispatched: %s", definition.name(), e.getMessage());
            return;
        }
        try {
            batches.fire(new AlertBatch(definition.name(), at, batch));
        } catch (RuntimeException e) {
            LOG.warnf(e, "An observer of the alerts of group %s failed", definition.name());
        }
        metrics.update(groups());
        changed();
    }

    private void save(RuleGroup group, Instant at) {
        RuleGroupDefinition definition = group.definition();
        AlertStateSaveFailure before = group.saveFailure();
        try {
            store.save(definition, group.alerts());
            if (before != null) {
                group.saved();
                LOG.infof("The alerts of group %s (%s) are saved again, after failing since %s", definition.name(),
                        definition.file(), before.since());
            }
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            metrics.saveFailed(definition);
            AlertStateSaveFailure failure = group.saveFailed(reason, at);
            // Once per cause: the counter and the Rules page carry the rest.
            if (before == null || !before.reason().equals(reason)) {
                LOG.warnf(e, "Could not persist the alerts of group %s (%s), failing since %s (after a restart these"
                        + " alerts would start over): %s", definition.name(), definition.file(), failure.since(), reason);
            }
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
