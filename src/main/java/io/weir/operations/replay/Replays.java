package io.weir.operations.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weir.cluster.Leadership;
import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import io.weir.operations.audit.AuditRecord.Result;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.MessageBrowsing;
import io.weir.sources.BrowsePolicy;
import io.weir.sources.BrowsePolicy.PayloadVisibility;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.DeadLetterMover.DeadLetter;
import io.weir.sources.DeadLetterMover.Pass;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Dead-letter replay as tracked jobs, for every kind of source with a {@link DeadLetterMover}:
 * {@link #preview} shows what a request would do (changes nothing), {@link #start} stores a job
 * and runs it in the background; {@link #pause}, {@link #resume} and {@link #cancel} steer it.
 * Jobs are stored with their position and per-message outcomes (see {@link ReplayRunner}); a job
 * that was running when Weir stopped or crashed is {@link ReplayState#INTERRUPTED} after the
 * restart and resumes from its last recorded batch. Every step is audited with the job's ID.
 * Thread-safe.
 *
 * <p>With several replicas ({@code weir.cluster.enabled}) only the leader runs jobs. A job started
 * or resumed on another replica is stored as running and taken by the leader within a second; when
 * a new leader takes over, it resumes the running jobs of the old one from their last recorded
 * batch (audited as a resume by the job). Pausing or cancelling on any replica stops the leader's
 * run within a second.
 */
@ApplicationScoped
public class Replays {

    private static final Logger LOG = Logger.getLogger(Replays.class);
    static final String PREVIEW = "replay.preview";
    static final String START = "replay.start";
    static final String PAUSE = "replay.pause";
    static final String RESUME = "replay.resume";
    static final String CANCEL = "replay.cancel";
    static final String END = "replay.end";
    private static final int SAMPLE = 10;

    private final SourceRegistry sources;
    private final ReplayStore store;
    private final AuditLog audit;
    private final Leadership leadership;
    private final ObjectMapper json;
    private final long previewMaxScan;
    private final int batchSize;
    private final int batchesInFlight;
    private final ExecutorService workers;
    /** Clustered only: the leader's look for jobs to take and for runs stopped on another replica. */
    private ScheduledExecutorService adoption;
    private final Map<String, ReplayRunner> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    @Inject
    Replays(SourceRegistry sources, ReplayStore store, AuditLog audit, Leadership leadership, ObjectMapper json,
            MessageBrowsing browsing,
            @ConfigProperty(name = "weir.operations.replay.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "weir.operations.replay.batches-in-flight", defaultValue = "2") int batchesInFlight,
            @ConfigProperty(name = "weir.operations.replay.max-running", defaultValue = "2") int maxRunning) {
        if (batchSize < 1 || batchesInFlight < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("weir.operations.replay.batch-size, batches-in-flight and max-running must be positive");
        }
        this.sources = sources;
        this.store = store;
        this.audit = audit;
        this.leadership = leadership;
        this.json = json;
        this.previewMaxScan = browsing.maxScan();
        this.batchSize = batchSize;
        this.batchesInFlight = batchesInFlight;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxRunning, task -> {
            Thread thread = new Thread(task, "weir-replay-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Jobs left running by a Weir that stopped or crashed did not finish: say so, so they can be resumed. */
    void onStart(@Observes StartupEvent event) {
        if (leadership.clustered()) {
            // Another replica may be running them: the leader takes over what its predecessor left.
            adoption = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "weir-replay-adoption");
                thread.setDaemon(true);
                return thread;
            });
            adoption.scheduleWithFixedDelay(this::adoptJobs, 1, 1, TimeUnit.SECONDS);
            return;
        }
        for (ReplayJob job : store.interruptRunning("Weir stopped while the job ran; resume it to go on from its last recorded batch")) {
            LOG.infof("Replay job %s of %s/%s was interrupted by a restart after %d of %d messages; it can be resumed",
                    job.id, job.source, job.queue, job.done(), job.total);
        }
    }

    /** Running jobs stop after their batch in flight and wait to be resumed. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (adoption != null) {
            adoption.shutdownNow();
        }
        running.values().forEach(runner -> runner.stop(ReplayState.INTERRUPTED,
                "Weir was shut down while the job ran; resume it to go on"));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The leader only: takes the running jobs that no leader runs (started on another replica, or
     * left by the previous leader) and stops its runs that were paused or cancelled elsewhere.
     */
    private void adoptJobs() {
        if (!leadership.isLeader() || stopping) {
            return;
        }
        try {
            long epoch = leadership.epoch();
            List<ReplayJob> stored = store.running();
            for (ReplayJob job : stored) {
                if (running.containsKey(job.id)) {
                    continue;
                }
                boolean fromOldLeader = job.leaderEpoch != null && job.leaderEpoch < epoch;
                String message = fromOldLeader ? "resumed by " + leadership.replica() + " after the previous leader stopped" : null;
                if (!store.adopt(job.id, epoch, message)) {
                    continue;
                }
                if (fromOldLeader) {
                    LOG.infof("Replay job %s of %s/%s, left by the previous leader after %d of %d messages, resumes here",
                            job.id, job.source, job.queue, job.done(), job.total);
                    audit.append(new AuditRecord(new Actor(job.createdBy, Actor.Channel.JOB, null), job.source,
                            "queue " + job.queue, RESUME, "{\"job\":\"" + job.id + "\"}", null, null, Result.OK,
                            "resumed by the new leader after " + job.done() + " of " + job.total + " messages", Duration.ZERO, job.id));
                }
                launch(store.find(job.id).orElseThrow(), request(job));
            }
            List<String> stillRunning = stored.stream().map(job -> job.id).toList();
            running.forEach((id, runner) -> {
                if (!stillRunning.contains(id)) {
                    store.find(id).ifPresent(job -> runner.stop(job.state, job.message));
                }
            });
        } catch (OperationException | RuntimeException e) {
            LOG.infof("Taking over replay jobs failed, trying again in a second: %s", e.getMessage());
        }
    }

    /** True when the source's kind can replay dead letters. */
    public boolean canReplay(String source) {
        return sources.deadLetterMover(source).isPresent();
    }

    /** What the request would do, from a read of the queue that moves nothing; audited. */
    public ReplayPreview preview(ReplayRequest request, Actor actor) throws OperationException {
        long start = System.nanoTime();
        try {
            ReplayPreview preview = computePreview(request);
            audit.append(new AuditRecord(actor, request.source(), object(request), PREVIEW, text(request), null, null,
                    Result.OK, preview.selected() + " of " + preview.queued() + " selected"
                    + (preview.complete() ? "" : " (first " + preview.scanned() + " read)"), since(start), null));
            return preview;
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, request.source(), object(request), PREVIEW, text(request), null, null,
                    result(e), e.getMessage(), since(start), null));
            throw e;
        }
    }

    private ReplayPreview computePreview(ReplayRequest request) throws OperationException {
        DeadLetterMover mover = mover(request.source());
        String refusal = refusal(request.source());
        List<String> warnings = new ArrayList<>();
        if (mover.removesSettled()) {
            // A queue cannot be read without taking its messages: count it, and say what the job will do.
            long queued = queued(mover, request);
            warnings.add("RabbitMQ queues cannot be read without taking messages off them, so the selection is applied"
                    + " while the job runs; messages it does not take are published back to the end of " + request.queue()
                    + " before they are acknowledged (their order changes).");
            if (request.destination() == null) {
                warnings.add("Each message goes back to the queue its x-death header names (x-first-death-queue).");
            }
            long selected = switch (request.selection().kind()) {
                case ALL -> queued;
                case SELECTED -> Math.min(queued, request.selection().messages().size());
                case FILTER, REASON -> 0; // known only once the job has taken them
            };
            return new ReplayPreview(request, queued, 0, false, selected, 0, Map.of(), 0, List.of(), warnings, refusal);
        }
        return BrokerCalls.call("the preview", () -> scan(mover, request, refusal, warnings));
    }

    private ReplayPreview scan(DeadLetterMover mover, ReplayRequest request, String refusal, List<String> warnings)
            throws SourceUnavailableException, InterruptedException {
        ReplaySelection.Matcher matcher = request.selection().matcher();
        Map<String, Long> destinations = new TreeMap<>();
        List<BrowsedMessage> sample = new ArrayList<>();
        long scanned = 0;
        long selected = 0;
        long withoutDestination = 0;
        long alreadyReplayed = 0;
        try (Pass pass = mover.open(request.queue(), Map.of(), 0)) { // a log: it ignores what is held
            long queued = pass.remaining();
            while (scanned < previewMaxScan) {
                List<DeadLetter> letters = pass.next((int) Math.min(batchSize, previewMaxScan - scanned));
                if (letters.isEmpty()) {
                    break;
                }
                scanned += letters.size();
                List<DeadLetter> chosen = new ArrayList<>();
                for (DeadLetter letter : letters) {
                    BrowsedMessage message = BrowsedMessage.of(letter.message(),
                            sources.browsePolicy(request.source()).deadLetterOriginHeader());
                    if (!matcher.selects(message, letter.messageId())) {
                        continue;
                    }
                    chosen.add(letter);
                    selected++;
                    Optional<Republishing.Target> target = Republishing.target(message, request.destination());
                    if (target.isPresent()) {
                        destinations.merge(target.get().destination(), 1L, Long::sum);
                    } else {
                        withoutDestination++;
                    }
                    if (sample.size() < SAMPLE) {
                        sample.add(message);
                    }
                }
                alreadyReplayed += replayedBefore(request, chosen);
            }
            boolean complete = pass.remaining() == 0;
            if (!complete) {
                warnings.add("Only the first " + scanned + " of " + queued + " messages were read for this preview"
                        + " (weir.operations.browse.max-scan); the job goes through all of them.");
            }
            if (withoutDestination > 0) {
                warnings.add(withoutDestination + " selected messages name no original destination in their headers;"
                        + " choose a destination or they fail.");
            }
            if (alreadyReplayed > 0) {
                warnings.add(alreadyReplayed + " selected messages were replayed before by a job and will be skipped.");
            }
            if (request.destination() == null && !destinations.isEmpty()) {
                warnings.add("Messages keep their key, headers and timestamp; consumers of " + String.join(", ", destinations.keySet())
                        + " see them again, so they must be idempotent or the cause of the failure fixed.");
            }
            // Only operators preview, so only payload-visibility=none hides the sample from them.
            BrowsePolicy policy = sources.browsePolicy(request.source());
            List<BrowsedMessage> shown = policy.sensitive(request.queue()) && policy.payloadVisibility() == PayloadVisibility.NONE
                    ? sample.stream().map(BrowsedMessage::withPayloadHidden).toList() : sample;
            return new ReplayPreview(request, queued, scanned, complete, selected, alreadyReplayed, destinations,
                    withoutDestination, shown, warnings, refusal);
        }
    }

    private long replayedBefore(ReplayRequest request, List<DeadLetter> letters) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        letters.forEach(l -> byPartition.computeIfAbsent(l.message().partition(), p -> new ArrayList<>()).add(l.message().offset()));
        return byPartition.entrySet().stream()
                .mapToLong(e -> store.replayedOffsets(request.source(), request.queue(), e.getKey(), e.getValue()).size()).sum();
    }

    private long queued(DeadLetterMover mover, ReplayRequest request) throws OperationException {
        return BrokerCalls.call("reading the queue", () -> {
            try (Pass pass = mover.open(request.queue(), Map.of(), 0)) {
                return pass.remaining();
            }
        });
    }

    /** Stores the job and starts it; refused on a read-only source. */
    public ReplayJob start(ReplayRequest request, Actor actor) throws OperationException {
        long start = System.nanoTime();
        ReplayJob job = new ReplayJob();
        job.id = UUID.randomUUID().toString();
        try {
            mover(request.source());
            String refusal = refusal(request.source());
            if (refusal != null) {
                throw new OperationException(Kind.REFUSED, refusal);
            }
            if (stopping) {
                throw new OperationException(Kind.UNAVAILABLE, "Weir is shutting down; start the replay again after the restart");
            }
            Instant now = Instant.now();
            job.source = request.source();
            job.queue = request.queue();
            job.destination = request.destination();
            job.selection = request.selection().kind();
            job.parameters = text(request);
            job.ratePerSecond = request.ratePerSecond();
            job.state = ReplayState.RUNNING;
            job.position = "{}";
            job.createdBy = actor.user();
            job.createdAt = now;
            job.updatedAt = now;
            job.leaderEpoch = leadership.isLeader() ? leadership.epoch() : null;
            store.create(job);
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, request.source(), object(request), START, text(request), null, null,
                    result(e), e.getMessage(), since(start), null));
            throw e;
        }
        audit.append(new AuditRecord(actor, request.source(), object(request), START, text(request), null, null,
                Result.OK, "replay job started", since(start), job.id));
        if (job.leaderEpoch != null) {
            launch(job, request);
        }
        return store.find(job.id).orElseThrow();
    }

    /** The job as stored now. */
    public ReplayJob get(String id) throws OperationException {
        return store.find(id).orElseThrow(() -> new OperationException(Kind.NOT_FOUND, "no replay job " + id));
    }

    /** The newest jobs first. */
    public List<ReplayJob> list(int limit) {
        return store.list(Math.max(1, Math.min(limit, 1000)));
    }

    /** The job's ledger, in the order messages were handled. */
    public List<ReplayOutcome> outcomes(String id, ReplayOutcome.Outcome only, int offset, int limit) throws OperationException {
        get(id);
        return store.outcomes(id, only, Math.max(0, offset), Math.max(1, Math.min(limit, 1000)));
    }

    /** How many outcomes the job's ledger holds, optionally of one kind. */
    public long countOutcomes(String id, ReplayOutcome.Outcome only) {
        return store.countOutcomes(id, only);
    }

    /** The request a job was started with. */
    public ReplayRequest request(ReplayJob job) {
        try {
            return json.readValue(job.parameters, ReplayRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replay job " + job.id + " has unreadable parameters", e);
        }
    }

    /** Stops a running job after its batch in flight; it can be resumed. */
    public ReplayJob pause(String id, Actor actor) throws OperationException {
        return steer(id, actor, PAUSE, ReplayState.PAUSED, "paused by " + actor.user());
    }

    /** Stops a job for good (running, paused or interrupted); what it replayed stays replayed. */
    public ReplayJob cancel(String id, Actor actor) throws OperationException {
        return steer(id, actor, CANCEL, ReplayState.CANCELLED, "cancelled by " + actor.user());
    }

    private ReplayJob steer(String id, Actor actor, String action, ReplayState to, String message) throws OperationException {
        long start = System.nanoTime();
        ReplayJob job = get(id);
        try {
            if (job.state.ended()) {
                throw new OperationException(Kind.REFUSED, "the job is " + job.state.name().toLowerCase()
                        + " already: there is nothing left to stop");
            }
            if (to == ReplayState.PAUSED && job.state != ReplayState.RUNNING) {
                throw new OperationException(Kind.REFUSED, "only a running job can be paused; this one is "
                        + job.state.name().toLowerCase());
            }
            ReplayRunner runner = running.get(id);
            if (runner != null) {
                runner.stop(to, message);
            } else {
                store.setState(id, to, message);
            }
            audit.append(new AuditRecord(actor, job.source, "queue " + job.queue, action, "{\"job\":\"" + id + "\"}", null,
                    null, Result.OK, message, since(start), id));
            return runner == null ? get(id) : job;
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, job.source, "queue " + job.queue, action, "{\"job\":\"" + id + "\"}", null,
                    null, result(e), e.getMessage(), since(start), id));
            throw e;
        }
    }

    /** Goes on with a paused or interrupted job from its last recorded batch. */
    public ReplayJob resume(String id, Actor actor) throws OperationException {
        long start = System.nanoTime();
        ReplayJob job = get(id);
        try {
            if (!job.state.resumable()) {
                throw new OperationException(Kind.REFUSED, "only a paused or interrupted job can be resumed; this one is "
                        + job.state.name().toLowerCase());
            }
            String refusal = refusal(job.source);
            if (refusal != null) {
                throw new OperationException(Kind.REFUSED, refusal);
            }
            mover(job.source);
            ReplayJob resumed = store.setState(id, ReplayState.RUNNING, null).orElseThrow();
            audit.append(new AuditRecord(actor, job.source, "queue " + job.queue, RESUME, "{\"job\":\"" + id + "\"}", null,
                    null, Result.OK, "resumed after " + job.done() + " of " + job.total + " messages", since(start), id));
            if (!leadership.isLeader()) {
                store.leaveToLeader(id);
            } else if (store.adopt(id, leadership.epoch(), null)) {
                launch(resumed, request(resumed));
            }
            return get(id);
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, job.source, "queue " + job.queue, RESUME, "{\"job\":\"" + id + "\"}", null,
                    null, result(e), e.getMessage(), since(start), id));
            throw e;
        }
    }

    private void launch(ReplayJob job, ReplayRequest request) throws OperationException {
        DeadLetterMover mover = mover(job.source);
        long started = System.nanoTime();
        ReplayRunner runner = new ReplayRunner(job, request, mover,
                sources.browsePolicy(job.source).deadLetterOriginHeader(), store, batchSize, batchesInFlight,
                leadership::isLeader, end -> finished(job, end, started));
        running.put(job.id, runner);
        workers.execute(runner);
    }

    private void finished(ReplayJob job, ReplayRunner.End end, long started) {
        running.remove(job.id);
        if (end == ReplayRunner.LEFT_TO_LEADER) {
            LOG.infof("Replay job %s of %s/%s stopped here, this replica no longer leads; the leader resumes it", job.id,
                    job.source, job.queue);
            return;
        }
        ReplayJob stored = store.setState(job.id, end.state(), end.message()).orElseThrow();
        String counts = "{\"total\":" + stored.total + ",\"replayed\":" + stored.replayed + ",\"skipped\":" + stored.skipped
                + ",\"failed\":" + stored.failed + ",\"passedOver\":" + stored.passedOver + "}";
        audit.append(new AuditRecord(new Actor(job.createdBy, Actor.Channel.JOB, null), job.source, "queue " + job.queue, END,
                "{\"job\":\"" + job.id + "\"}", null, counts, end.state() == ReplayState.INTERRUPTED ? Result.FAILED : Result.OK,
                end.state().name().toLowerCase() + (end.message() == null ? "" : ": " + end.message()), since(started), job.id));
        if (end.state() == ReplayState.INTERRUPTED) {
            LOG.warnf("Replay job %s of %s/%s was interrupted after %d of %d messages: %s", job.id, job.source, job.queue,
                    stored.done(), stored.total, end.message());
        }
    }

    private DeadLetterMover mover(String source) throws OperationException {
        if (sources.source(source).isEmpty()) {
            throw new OperationException(Kind.NOT_FOUND, "no source " + source);
        }
        return sources.deadLetterMover(source).orElseThrow(() -> new OperationException(Kind.INVALID,
                "source " + source + " cannot replay messages"));
    }

    private String refusal(String source) {
        return sources.readOnly(source) ? "source " + source + " is read-only (weir.sources." + source
                + ".read-only=true): Weir changes nothing on it" : null;
    }

    private static String object(ReplayRequest request) {
        return "queue " + request.queue();
    }

    private String text(ReplayRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result result(OperationException e) {
        return e.kind() == Kind.UNAVAILABLE ? Result.FAILED : Result.REFUSED;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
