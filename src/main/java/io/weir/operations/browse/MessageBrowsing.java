package io.weir.operations.browse;

import io.weir.operations.browse.BrowseException.Reason;
import io.weir.security.Roles;
import io.weir.sources.BrowsePolicy;
import io.weir.sources.MessageBrowser;
import io.weir.sources.MessageReader;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browses and searches the stored messages of the sources' topics: the service behind the message
 * browser page and {@code GET /api/v1/sources/{source}/queues/{queue}/messages}. Every browse is
 * bounded by {@code weir.operations.browse.max-scan} messages and
 * {@code weir.operations.browse.max-seconds}, and only reads: it never commits offsets, joins a
 * group or moves a message (see {@link MessageBrowser}).
 *
 * <p>On a topic a source marks sensitive ({@code payload-visibility}, {@code sensitive-topics}),
 * a reader whose role may not see payloads gets every message with its payload hidden (key,
 * headers, metadata and size stay), and a filter that reads the payload (text, regex, JSON field,
 * a CEL expression using {@code value} or {@code valueJson}) is refused rather than run, since its
 * matches would tell what the payloads hold. Thread-safe.
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

    /** Whether a source of that name is configured. */
    public boolean knows(String source) {
        return registry.source(source).isPresent();
    }

    /** The source's saved filters, by name; empty for unknown sources. */
    public List<SavedFilter> savedFilters(String source) {
        return registry.browsePolicy(source).savedFilters().entrySet().stream()
                .map(entry -> new SavedFilter(entry.getKey(), entry.getValue())).toList();
    }

    /** The source's saved filter of that name. */
    public Optional<SavedFilter> savedFilter(String source, String name) {
        return savedFilters(source).stream().filter(filter -> filter.name().equals(name)).findFirst();
    }

    /**
     * Whether a reader with these roles sees the payloads of the topic.
     *
     * @param hasRole whether the reader has a role ({@link Roles}); included roles count
     */
    public boolean payloadVisible(String source, String queue, Predicate<String> hasRole) {
        BrowsePolicy policy = registry.browsePolicy(source);
        if (!policy.sensitive(queue)) {
            return true;
        }
        return switch (policy.payloadVisibility()) {
            case ALL -> true;
            case OPERATOR -> hasRole.test(Roles.OPERATOR);
            case NONE -> false;
        };
    }

    /**
     * Reads one page. Blocking, up to the time budget plus one read of the source's timeout.
     *
     * @param hasRole whether the reader has a role: decides whether payloads are shown ({@link #payloadVisible})
     * @param listener hears matches and progress as the scan goes
     * @throws BrowseException why the browse could not run
     */
    public BrowseResult browse(String source, String queue, BrowseRequest request, Predicate<String> hasRole,
            ScanListener listener, BooleanSupplier cancelled) throws BrowseException, InterruptedException {
        MessageBrowser browser = browser(source);
        boolean visible = payloadVisible(source, queue, hasRole);
        List<String> payloadFilters = request.filter().payloadConditions();
        if (!visible && !payloadFilters.isEmpty()) {
            throw new BrowseException(Reason.REFUSED, "the payloads of " + queue + " on source " + source
                    + " are hidden from you (payload-visibility=" + registry.browsePolicy(source).payloadVisibility()
                    .name().toLowerCase(java.util.Locale.ROOT) + "), so filters that read them cannot be used: "
                    + String.join(", ", payloadFilters) + ". Filter by key, header or time instead.");
        }
        long limit = request.maxScan() == 0 ? maxScan : Math.min(request.maxScan(), maxScan);
        long deadline = System.nanoTime() + maxTime.toNanos();
        ScanListener shown = visible ? listener : new ScanListener() {
            @Override
            public void found(BrowsedMessage message) {
                listener.found(message.withPayloadHidden());
            }

            @Override
            public void progress(long scanned, long matched, java.util.Map<Integer, Long> position) {
                listener.progress(scanned, matched, position);
            }
        };
        try (MessageReader reader = browser.open(queue)) {
            BrowseResult result = new MessageScan(reader, request, limit, deadline, shown, cancelled,
                    registry.browsePolicy(source).deadLetterOriginHeader()).run();
            return visible ? result : new BrowseResult(result.messages().stream().map(BrowsedMessage::withPayloadHidden)
                    .toList(), result.scanned(), result.next(), result.stop());
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
    public RunningBrowse start(String source, String queue, BrowseRequest request, Predicate<String> hasRole,
            ScanListener listener) {
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<BrowseResult> result = new CompletableFuture<>();
        background.execute(() -> {
            try {
                result.complete(browse(source, queue, request, hasRole, listener, cancel::get));
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
