package io.weir.operations.browse;

import io.weir.operations.browse.BrowseException.Reason;
import io.weir.sources.MessageBrowser;
import io.weir.sources.MessageReader;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browses and searches the stored messages of the sources' topics: the service behind the message
 * browser page and {@code GET /api/v1/sources/{source}/queues/{queue}/messages}. Every browse is
 * bounded by {@code weir.operations.browse.max-scan} messages and
 * {@code weir.operations.browse.max-seconds}, and only reads: it never commits offsets, joins a
 * group or moves a message (see {@link MessageBrowser}). Thread-safe.
 */
@ApplicationScoped
public class MessageBrowsing {

    /** Browses started from the UI run here; a handful at once is plenty for people clicking. */
    private static final int BACKGROUND_SCANS = 4;

    private final SourceRegistry registry;
    private final long maxScan;
    private final Duration maxTime;
    private final ExecutorService background;

    @Inject
    MessageBrowsing(SourceRegistry registry,
            @ConfigProperty(name = "weir.operations.browse.max-scan", defaultValue = "100000") long maxScan,
            @ConfigProperty(name = "weir.operations.browse.max-seconds", defaultValue = "10") int maxSeconds) {
        this(registry, maxScan, Duration.ofSeconds(maxSeconds));
    }

    /** A service over sources built elsewhere, for tests and tools. */
    public MessageBrowsing(SourceRegistry registry, long maxScan, Duration maxTime) {
        if (maxScan < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("weir.operations.browse.max-scan and max-seconds must be positive");
        }
        this.registry = registry;
        this.maxScan = maxScan;
        this.maxTime = maxTime;
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(BACKGROUND_SCANS, task -> {
            Thread thread = new Thread(task, "weir-browse-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Most messages one browse reads. */
    public long maxScan() {
        return maxScan;
    }

    /** Longest one browse runs. */
    public Duration maxTime() {
        return maxTime;
    }

    /** Whether the source's messages can be browsed (Kafka and the built-in broker can). */
    public boolean canBrowse(String source) {
        return registry.messageBrowser(source).isPresent();
    }

    /**
     * Reads one page. Blocking, up to the time budget plus one read of the source's timeout.
     *
     * @param listener hears matches and progress as the scan goes
     * @throws BrowseException why the browse could not run
     */
    public BrowseResult browse(String source, String queue, BrowseRequest request, ScanListener listener,
            BooleanSupplier cancelled) throws BrowseException, InterruptedException {
        MessageBrowser browser = browser(source);
        long limit = request.maxScan() == 0 ? maxScan : Math.min(request.maxScan(), maxScan);
        long deadline = System.nanoTime() + maxTime.toNanos();
        try (MessageReader reader = browser.open(queue)) {
            return new MessageScan(reader, request, limit, deadline, listener, cancelled).run();
        } catch (UnknownQueueException e) {
            throw new BrowseException(Reason.UNKNOWN_QUEUE, e.getMessage(), e);
        } catch (SourceUnavailableException e) {
            throw new BrowseException(Reason.UNAVAILABLE, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BrowseException(Reason.BAD_REQUEST, e.getMessage(), e);
        }
    }

    /** A browse running on a background thread: what the browser page uses to stay responsive. */
    public record RunningBrowse(CompletableFuture<BrowseResult> result, AtomicBoolean cancelRequested) {

        /** Asks the scan to stop; it ends with what it found so far ({@link BrowseResult.Stop#CANCELLED}). */
        public void cancel() {
            cancelRequested.set(true);
        }
    }

    /** Starts {@link #browse} on a background thread; the listener is called on that thread. */
    public RunningBrowse start(String source, String queue, BrowseRequest request, ScanListener listener) {
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<BrowseResult> result = new CompletableFuture<>();
        background.execute(() -> {
            try {
                result.complete(browse(source, queue, request, listener, cancel::get));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
                Thread.currentThread().interrupt();
            } catch (BrowseException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return new RunningBrowse(result, cancel);
    }

    private MessageBrowser browser(String source) throws BrowseException {
        if (registry.sources().stream().noneMatch(s -> s.name().equals(source))) {
            throw new BrowseException(Reason.UNKNOWN_SOURCE, "no source named '" + source + "' is configured");
        }
        return registry.messageBrowser(source).orElseThrow(() -> new BrowseException(Reason.NOT_SUPPORTED,
                "source " + source + " cannot be browsed: Weir browses Kafka and built-in broker topics; RabbitMQ queues are"
                        + " peeked instead (POST /api/v1/sources/" + source + "/queues/{queue}/peek, which requeues)"));
    }

    @PreDestroy
    void close() {
        background.shutdownNow();
    }
}
