package io.weir.advisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.SourceMonitor;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.operations.Actor;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the checks over every new snapshot of every source, on a thread of its own so the monitor
 * is never held up, and keeps the latest findings per source with their acknowledgements. It adds
 * no reads of its own: what it checks comes with the monitor's snapshots, the worst lag from the
 * monitor's history. Acknowledgements are stored in the database and audited.
 *
 * <p>Thread-safe. {@link #acknowledge} and {@link #withdraw} block on the database.
 */
@ApplicationScoped
public class ReliabilityAdvisor {

    private static final Logger LOG = Logger.getLogger(ReliabilityAdvisor.class);
    static final String ACKNOWLEDGE = "advisor.acknowledge";
    static final String WITHDRAW = "advisor.withdraw";

    private final SourceMonitor monitor;
    private final MonitorHistory history;
    private final MonitorMetrics metrics;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Thresholds thresholds;
    private final Map<String, List<Finding>> findings = new ConcurrentHashMap<>();
    private final Map<String, DeadLetterWatch> watches = new HashMap<>();
    /** Per source, per topic: the worst lag seen, from the history kept when the source was first checked. */
    private final Map<String, Map<String, Duration>> worstLag = new HashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private ExecutorService thread;
    private Runnable unsubscribe;

    ReliabilityAdvisor(SourceMonitor monitor, MonitorHistory history, MonitorMetrics metrics, AuditLog audit, ObjectMapper json,
            @ConfigProperty(name = "weir.advisor.dead-letter-undrained-after", defaultValue = "1h") Duration undrainedAfter,
            @ConfigProperty(name = "weir.advisor.producer-retry-time", defaultValue = "5m") Duration producerRetryTime,
            @ConfigProperty(name = "weir.advisor.redeliver-rate", defaultValue = "1") double redeliverRate) {
        this.monitor = monitor;
        this.history = history;
        this.metrics = metrics;
        this.audit = audit;
        this.json = json;
        this.thresholds = new Thresholds(undrainedAfter, producerRetryTime, redeliverRate);
    }

    void start(@Observes StartupEvent event) {
        thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "weir-advisor");
            daemon.setDaemon(true);
            return daemon;
        });
        unsubscribe = monitor.subscribe(snapshot -> thread.execute(() -> check(snapshot)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            thread.shutdownNow();
        }
    }

    /** Every source's latest findings, worst first, with their acknowledgements. Reads the database. */
    public List<Finding> findings() {
        Map<AdvisorAcknowledgement.Key, AdvisorAcknowledgement> acknowledged = acknowledgements();
        List<Finding> all = new ArrayList<>();
        findings.values().forEach(list -> list.forEach(finding -> all.add(withAcknowledgement(finding, acknowledged))));
        all.sort(Checks.WORST_FIRST);
        return all;
    }

    /** The sources checked so far (each has had a successful poll), sorted. */
    public List<String> checkedSources() {
        return findings.keySet().stream().sorted().toList();
    }

    /** Calls {@code listener} with the source's name whenever its findings or acknowledgements change, until the handle is run. */
    public Runnable subscribe(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Accepts a current finding with a reason, replacing an earlier acknowledgement of it, and
     * writes an audit entry.
     *
     * @throws IllegalArgumentException without a reason, or when no such finding is current
     */
    public Finding acknowledge(String source, String object, String check, String reason, Actor actor) {
        long start = System.nanoTime();
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs a reason");
        }
        Finding finding = current(source, object, check).orElseThrow(() -> new IllegalArgumentException("no current finding " + check + " on " + object
                        + " of source " + source));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String previous = QuarkusTransaction.requiringNew().call(() -> {
            AdvisorAcknowledgement.Key key = new AdvisorAcknowledgement.Key(source, object, check);
            AdvisorAcknowledgement stored = AdvisorAcknowledgement.findById(key);
            String before = stored == null ? null : stored.reason;
            if (stored == null) {
                stored = new AdvisorAcknowledgement();
                stored.key = key;
            }
            stored.reason = reason.strip();
            stored.acknowledgedBy = actor.user();
            stored.acknowledgedAt = now;
            stored.persist();
            return before;
        });
        AuditEntry entry = audit.append(new AuditRecord(actor, source, object, ACKNOWLEDGE,
                json(Map.of("check", check, "severity", finding.severity().label(), "reason", reason.strip())),
                previous == null ? null : json(Map.of("reason", previous)), json(Map.of("reason", reason.strip())),
                AuditRecord.Result.OK, finding.title(), Duration.ofNanos(System.nanoTime() - start), null));
        LOG.infof("%s acknowledged %s on %s of %s (audit entry %d)", actor.user(), check, object, source, entry.id);
        thread.execute(() -> publishMetrics(source));
        return finding.acknowledged(new Finding.Acknowledgement(actor.user(), now, reason.strip()));
    }

    /**
     * Withdraws the acknowledgement of a finding, so that it counts again, and writes an audit
     * entry with the reason withdrawn. Works for a finding that is no longer current too: its
     * acknowledgement would otherwise hide it when it comes back.
     *
     * @return the finding, no longer acknowledged; empty when it is not current
     * @throws NoSuchElementException when the finding has no acknowledgement
     */
    public Optional<Finding> withdraw(String source, String object, String check, Actor actor) {
        long start = System.nanoTime();
        AdvisorAcknowledgement.Key key = new AdvisorAcknowledgement.Key(source, object, check);
        AdvisorAcknowledgement withdrawn = QuarkusTransaction.requiringNew().call(() -> {
            AdvisorAcknowledgement stored = AdvisorAcknowledgement.findById(key);
            if (stored != null) {
                stored.delete();
            }
            return stored;
        });
        if (withdrawn == null) {
            throw new NoSuchElementException("no acknowledgement of " + check + " on " + object + " of source " + source);
        }
        Optional<Finding> finding = current(source, object, check);
        AuditEntry entry = audit.append(new AuditRecord(actor, source, object, WITHDRAW,
                json(Map.of("check", check)), json(Map.of("reason", withdrawn.reason, "acknowledgedBy",
                        withdrawn.acknowledgedBy)), null, AuditRecord.Result.OK,
                finding.map(Finding::title).orElse(check + " (not current)"), Duration.ofNanos(System.nanoTime() - start),
                null));
        LOG.infof("%s withdrew the acknowledgement of %s on %s of %s (audit entry %d)", actor.user(), check, object,
                source, entry.id);
        thread.execute(() -> publishMetrics(source));
        return finding;
    }

    /** The latest finding {@code check} on {@code object} of {@code source}, if the last check found it. */
    private Optional<Finding> current(String source, String object, String check) {
        return findings.getOrDefault(source, List.of()).stream()
                .filter(f -> f.object().equals(object) && f.check().equals(check)).findFirst();
    }

    private void check(SourceSnapshot snapshot) {
        if (!snapshot.isUp()) {
            // The last findings stay: a broker that cannot be read has not fixed anything.
            return;
        }
        try {
            DeadLetterWatch watch = watches.computeIfAbsent(snapshot.source(), name -> new DeadLetterWatch());
            watch.record(snapshot);
            CheckInput input = new CheckInput(snapshot, worstLag(snapshot.source()),
                    watch.undrained(snapshot.takenAt()), thresholds);
            findings.put(snapshot.source(), List.copyOf(Checks.run(input)));
            publishMetrics(snapshot.source());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not check source %s against the safeguards", snapshot.source());
        }
    }

    private void publishMetrics(String source) {
        Map<AdvisorAcknowledgement.Key, AdvisorAcknowledgement> acknowledged;
        try {
            acknowledged = acknowledgements();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read advisor acknowledgements (counting every finding): %s", e.getMessage());
            acknowledged = Map.of();
        }
        Map<List<String>, Long> counts = new HashMap<>();
        for (Finding finding : findings.getOrDefault(source, List.of())) {
            if (!acknowledged.containsKey(new AdvisorAcknowledgement.Key(source, finding.object(), finding.check()))) {
                counts.merge(List.of(finding.severity().label(), finding.check()), 1L, Long::sum);
            }
        }
        metrics.recordAdvisorFindings(source, counts);
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(source);
            } catch (RuntimeException e) {
                LOG.warn("An advisor listener failed", e);
            }
        }
    }

    /**
     * The worst lag per topic: read from the whole in-memory history the first time, then kept up
     * with each snapshot's latest values, so a poll costs one lookup per group and topic.
     */
    private Map<String, Duration> worstLag(String source) {
        boolean first = !worstLag.containsKey(source);
        Map<String, Duration> worst = worstLag.computeIfAbsent(source, name -> new HashMap<>());
        long now = System.currentTimeMillis();
        for (SeriesKey key : history.recent().keys(k -> k.name().equals(MonitorMetrics.GROUP_LAG_SECONDS)
                && source.equals(k.label("source")))) {
            String topic = key.label("topic");
            List<Sample> samples = first ? history.recent().range(key, 0, now)
                    : history.recent().latest(key).map(List::of).orElse(List.of());
            for (Sample sample : samples) {
                Duration lag = Duration.ofMillis((long) (sample.value() * 1000));
                worst.merge(topic, lag, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return worst;
    }

    private static Map<AdvisorAcknowledgement.Key, AdvisorAcknowledgement> acknowledgements() {
        Map<AdvisorAcknowledgement.Key, AdvisorAcknowledgement> byKey = new HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> AdvisorAcknowledgement.<AdvisorAcknowledgement>listAll())
                .forEach(ack -> byKey.put(ack.key, ack));
        return byKey;
    }

    private static Finding withAcknowledgement(Finding finding,
            Map<AdvisorAcknowledgement.Key, AdvisorAcknowledgement> acknowledged) {
        AdvisorAcknowledgement ack = acknowledged.get(new AdvisorAcknowledgement.Key(finding.source(), finding.object(),
                finding.check()));
        return ack == null ? finding
                : finding.acknowledged(new Finding.Acknowledgement(ack.acknowledgedBy, ack.acknowledgedAt, ack.reason));
    }

    private String json(Map<String, String> values) {
        try {
            return json.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
