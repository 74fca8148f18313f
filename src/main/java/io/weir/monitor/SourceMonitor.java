package io.weir.monitor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.core.SourceSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Polls every configured source on its own schedule and keeps the latest snapshot of each.
 * Readers (views, the API) take snapshots from here and never call brokers themselves. Listeners
 * are called on a monitor thread for every new snapshot; they must return quickly.
 */
@ApplicationScoped
public class SourceMonitor {

    private static final Logger LOG = Logger.getLogger(SourceMonitor.class);

    private final SourceRegistry registry;
    private final SnapshotRecorder recorder;
    private final Map<String, SourceSnapshot> latest = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final List<Consumer<SourceSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<SourcePoller> pollers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService readers;

    SourceMonitor(SourceRegistry registry, SnapshotRecorder recorder) {
        this.registry = registry;
        this.recorder = recorder;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("weir-monitor-timer"));
        readers = Executors.newCachedThreadPool(daemonThreads("weir-source-read"));
        for (BrokerSource source : registry.sources()) {
            LOG.infof("Watching %s", source.settings());
            SourcePoller poller = new SourcePoller(source, scheduler, readers, Clock.systemUTC(), this::publish);
            pollers.add(poller);
            poller.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        pollers.forEach(SourcePoller::stop);
        if (scheduler != null) {
            scheduler.shutdownNow();
            readers.shutdownNow();
        }
    }

    /** The configured sources' names, sorted. */
    public List<String> sourceNames() {
        return registry.sources().stream().map(BrokerSource::name).toList();
    }

    /** The latest snapshot of a source, empty until its first poll has finished. */
    public Optional<SourceSnapshot> latest(String source) {
        return Optional.ofNullable(latest.get(source));
    }

    /** How many polls of the source have finished since start, successful or not. */
    public int polls(String source) {
        return polls.getOrDefault(source, 0);
    }

    /** Calls {@code listener} with every new snapshot until the returned handle is run. */
    public Runnable subscribe(Consumer<SourceSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(SourceSnapshot snapshot) {
        SourceSnapshot previous = latest.put(snapshot.source(), snapshot);
        polls.merge(snapshot.source(), 1, Integer::sum);
        if (previous == null || previous.isUp() != snapshot.isUp()) {
            if (snapshot.isUp()) {
                LOG.infof("Source %s is up: version %s, %d of %d nodes up", snapshot.source(),
                        snapshot.broker().health().version(), snapshot.broker().health().nodesUp(),
                        snapshot.broker().health().nodes().size());
            } else {
                LOG.warnf("Source %s is down: %s", snapshot.source(), snapshot.error());
            }
        }
        recorder.record(snapshot);
        for (Consumer<SourceSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("A snapshot listener failed", e);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
