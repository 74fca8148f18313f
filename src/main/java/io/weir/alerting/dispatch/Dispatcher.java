package io.weir.alerting.dispatch;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertBatch;
import io.weir.alerting.AlertState;
import io.weir.alerting.notify.AlertFingerprint;
import io.weir.alerting.notify.Notification;
import io.weir.cluster.LeaseLostException;
import io.weir.cluster.Leadership;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns the rule engine's alert batches into notifications in the outbox. Batches are handed to
 * the dispatcher's own thread, so the evaluation never waits. Alerts are routed into groups; each
 * group is looked at after its {@code group-wait} and then every {@code group-interval}: inhibited
 * and silenced alerts are left out, and a notification is stored only when the group has a firing
 * alert it was not told of, an alert it was told of resolved, or {@code repeat-interval} passed
 * since the last one. What each group was told lives in the database, so a restart re-notifies
 * nothing, and neither does a new leader: only the leader keeps groups (a replica that is not the
 * leader drops them), and storing a notification is fenced by its lease.
 */
@ApplicationScoped
@Startup
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration TICK = Duration.ofMillis(250);

    private final Router router;
    private final Inhibitor inhibitor;
    private final Silences silences;
    private final Outbox outbox;
    private final Leadership leadership;
    private final String publicUrl;
    private final Duration resolveTimeout;
    /** Owned by the dispatcher thread (or a test driving the dispatcher directly). */
    private final Map<String, AlertGroup> groups = new LinkedHashMap<>();
    private ScheduledExecutorService thread;

    @Inject
    Dispatcher(Router router, Inhibitor inhibitor, Silences silences, Outbox outbox, Leadership leadership,
            @ConfigProperty(name = "weir.public-url", defaultValue = "http://localhost:8080") String publicUrl,
            OutboxConfig config) {
        this.router = router;
        this.inhibitor = inhibitor;
        this.silences = silences;
        this.outbox = outbox;
        this.leadership = leadership;
        this.publicUrl = publicUrl;
        this.resolveTimeout = config.resolveTimeout();
    }

    @PostConstruct
    void start() {
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "weir-dispatcher");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> safely(() -> flushDueIfLeader(Instant.now())), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    void onBatch(@Observes AlertBatch batch) {
        thread.execute(() -> safely(() -> accept(batch)));
    }

    private void safely(Runnable work) {
        try {
            work.run();
        } catch (LeaseLostException e) {
            LOG.infof("Alert groups dropped, the leader takes care of them: %s", e.getMessage());
            dropGroups();
        } catch (RuntimeException e) {
            LOG.error("Dispatching alerts failed; the next evaluation tries again", e);
        }
    }

    /** Routes the batch's firing and resolved alerts into their groups (pending ones wait). */
    synchronized void accept(AlertBatch batch) {
        for (Alert alert : batch.alerts()) {
            if (alert.state() == AlertState.PENDING) {
                continue;
            }
            for (Route route : router.routesFor(alert.labels())) {
                var labels = route.groupLabels(alert.labels());
                groups.computeIfAbsent(route.groupKey(labels), key -> new AlertGroup(route, labels, batch.evaluatedAt()))
                        .put(alert, batch.evaluatedAt());
            }
        }
    }

    /** Only the leader's groups are current: a former leader's would notify from stale alerts. */
    private void flushDueIfLeader(Instant now) {
        if (leadership.isLeader()) {
            flushDue(now);
        } else {
            dropGroups();
        }
    }

    private synchronized void dropGroups() {
        groups.clear();
    }

    /** Looks at every group whose time has come; stores the notifications that are due. */
    synchronized void flushDue(Instant now) {
        Map<String, Alert> firing = new HashMap<>();
        for (AlertGroup group : groups.values()) {
            group.resolveStale(now, resolveTimeout);
            group.alerts().stream().filter(a -> a.state() == AlertState.FIRING).forEach(a -> firing.put(a.identity(), a));
        }
        List<AlertGroup> due = groups.values().stream().filter(g -> !now.isBefore(g.nextFlush)).toList();
        for (AlertGroup group : due) {
            flush(group, firing.values(), now);
            group.nextFlush = now.plus(group.route.groupInterval());
            if (group.isEmpty()) {
                groups.remove(group.key);
            }
        }
    }

    private void flush(AlertGroup group, Collection<Alert> allFiring, Instant now) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (Alert alert : group.alerts()) {
            if (inhibitor.inhibits(allFiring, alert) || silences.mutes(alert.labels(), now)) {
                continue;
            }
            (alert.state() == AlertState.FIRING ? firing : resolved).add(alert);
        }
        SortedSet<String> firingNow = fingerprints(firing);
        Optional<Outbox.LogRecord> last = outbox.lastNotified(group.key);
        SortedSet<String> told = last.map(Outbox.LogRecord::firing).orElseGet(TreeSet::new);
        List<Alert> resolvedTold = resolved.stream().filter(a -> told.contains(AlertFingerprint.of(a))).toList();
        boolean newFiring = !told.containsAll(firingNow);
        boolean repeat = !firingNow.isEmpty() && last.isPresent()
                && !now.isBefore(last.get().sentAt().plus(group.route.repeatInterval()));
        if (newFiring || !resolvedTold.isEmpty() || repeat) {
            List<Alert> alerts = new ArrayList<>(firing);
            alerts.addAll(resolvedTold);
            Notification notification = new Notification(group.route.receiver(), group.key, group.labels, alerts, publicUrl, now);
            outbox.add(notification, notification.summary(), firingNow);
        } else if (!firingNow.equals(told) && last.isPresent()) {
            outbox.forget(group.key, firingNow);
        }
        group.remove(group.alerts().stream().filter(a -> a.state() == AlertState.RESOLVED).toList());
    }

    private static SortedSet<String> fingerprints(List<Alert> alerts) {
        SortedSet<String> set = new TreeSet<>();
        alerts.forEach(a -> set.add(AlertFingerprint.of(a)));
        return set;
    }
}
