package io.weir.monitor;

import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Polls one source forever: start a read on the reader pool, give up after the source's timeout
 * (interrupting the read), publish the snapshot, and schedule the next poll one interval after
 * this one started. Only the scheduler's timer thread and the read's own thread are involved, so
 * a hanging broker holds up nothing but its own poll.
 */
final class SourcePoller {

    private final BrokerSource source;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService readers;
    private final Clock clock;
    private final Consumer<SourceSnapshot> publish;
    private volatile boolean stopped;
    private volatile Future<?> runningRead;
    /** Whether the last poll gave up waiting; only then can its read still be running. */
    private volatile boolean lastReadTimedOut;

    SourcePoller(BrokerSource source, ScheduledExecutorService scheduler, ExecutorService readers, Clock clock,
            Consumer<SourceSnapshot> publish) {
        this.source = source;
        this.scheduler = scheduler;
        this.readers = readers;
        this.clock = clock;
        this.publish = publish;
    }

    void start() {
        scheduler.execute(this::poll);
    }

    void stop() {
        stopped = true;
        Future<?> read = runningRead;
        if (read != null) {
            read.cancel(true);
        }
    }

    private void poll() {
        if (stopped) {
            return;
        }
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        if (lastReadTimedOut && runningRead != null && !runningRead.isDone()) {
            // The previous read ignored its interrupt; do not pile up threads behind it.
            finish(startedAt, startNanos, null, new SourceUnavailableException(
                    "the previous read is still hanging after its timeout; the broker accepts connections but does not answer"));
            return;
        }
        CompletableFuture<BrokerSnapshot> result = new CompletableFuture<>();
        runningRead = readers.submit(() -> {
            try {
                result.complete(source.read());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        result.orTimeout(source.settings().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((broker, error) -> finish(startedAt, startNanos, broker, error));
    }

    private void finish(Instant startedAt, long startNanos, BrokerSnapshot broker, Throwable error) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        var settings = source.settings();
        SourceSnapshot snapshot;
        if (error == null) {
            snapshot = SourceSnapshot.up(settings.name(), settings.kind(), settings.address(), startedAt, took, broker);
        } else {
            snapshot = SourceSnapshot.down(settings.name(), settings.kind(), settings.address(), startedAt, took,
                    reason(unwrap(error)));
        }
        if (!stopped) {
            publish.accept(snapshot);
            long delay = Math.max(0, settings.pollInterval().toNanos() - took.toNanos());
            scheduler.schedule(this::poll, delay, TimeUnit.NANOSECONDS);
        }
    }

    private Throwable unwrap(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        lastReadTimedOut = error instanceof TimeoutException;
        if (lastReadTimedOut) {
            Future<?> read = runningRead;
            if (read != null) {
                read.cancel(true);
            }
        }
        return error;
    }

    private String reason(Throwable error) {
        if (error instanceof SourceUnavailableException) {
            return error.getMessage();
        }
        if (error instanceof TimeoutException) {
            return "no answer from " + source.settings().address() + " within "
                    + source.settings().timeout().toMillis() + " ms";
        }
        if (error instanceof InterruptedException) {
            return "the read was interrupted";
        }
        return "unexpected error while reading the broker: " + error;
    }
}
