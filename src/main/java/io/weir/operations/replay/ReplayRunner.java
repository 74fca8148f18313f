package io.weir.operations.replay;

import io.weir.cluster.LeaseLostException;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.replay.ReplayOutcome.Outcome;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.DeadLetterMover.DeadLetter;
import io.weir.sources.DeadLetterMover.Pass;
import io.weir.sources.DeadLetterMover.Republish;
import io.weir.sources.SourceUnavailableException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs one replay job, batch by batch: take dead letters, decide each one's fate,
 * publish the selected ones, record the batch's outcomes and the new position in one transaction
 * once the broker confirmed them, and only then settle the batch (a queue removes the dead
 * letters). Batches overlap: the next ones are taken and published while the broker confirms the
 * oldest, up to {@code weir.operations.replay.batches-in-flight}, since waiting for each batch's
 * confirms before taking the next left the broker idle most of the time. A thread of the job's own
 * awaits each batch's confirms and records it, in publishing order, while this one takes and
 * decides the next batch (the database took half of this thread's time); no more than that many
 * batches are ever published and not recorded, and a batch is settled only after its record
 * committed. A crash before a record
 * repeats the unrecorded batches on resume, so the in-flight window (the most duplicates a crash
 * can cause) is that many batches; nothing is removed before it is confirmed at its destination,
 * so nothing is lost. A replica that stops being the leader stops the job between two batches
 * (and its records are fenced by the lease): the new leader resumes it, repeating at most the
 * batches in flight, as after a crash.
 */
final class ReplayRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReplayRunner.class);

    /** Outcome of one run: how the job ended and why. */
    record End(ReplayState state, String message) {
    }

    /** This replica stopped leading: the job stays running in the database, for the new leader to resume. */
    static final End LEFT_TO_LEADER = new End(ReplayState.RUNNING, "this replica is no longer the leader");

    private final ReplayJob job;
    private final ReplayRequest request;
    private final DeadLetterMover mover;
    private final ReplayStore store;
    private final String originHeader;
    private final int batchSize;
    private final int batchesInFlight;
    /** The job recorded outcomes before this run: a queue may hand some of them back. */
    private final boolean resumed;
    private final AtomicReference<End> stopRequest = new AtomicReference<>();
    private final java.util.function.Consumer<End> onEnd;
    private final java.util.function.BooleanSupplier leading;

    /** @param originHeader the source's header naming a dead letter's original topic, or {@code null} */
    ReplayRunner(ReplayJob job, ReplayRequest request, DeadLetterMover mover, String originHeader, ReplayStore store, int batchSize,
            int batchesInFlight, java.util.function.BooleanSupplier leading, java.util.function.Consumer<End> onEnd) {
        this.job = job;
        this.request = request;
        this.mover = mover;
        this.store = store;
        this.originHeader = originHeader;
        this.batchSize = request.ratePerSecond() > 0 ? Math.max(1, Math.min(batchSize, request.ratePerSecond() / 5)) : batchSize;
        this.batchesInFlight = batchesInFlight;
        this.onEnd = onEnd;
        this.leading = leading;
        this.resumed = job.done() > 0;
    }

    String jobId() {
        return job.id;
    }

    /** Asks the job to stop after the batch in flight; the first request wins. */
    void stop(ReplayState state, String message) {
        stopRequest.compareAndSet(null, new End(state, message));
    }

    @Override
    public void run() {
        End end;
        try {
            end = replay();
        } catch (InterruptedException e) {
            end = new End(ReplayState.INTERRUPTED, "Weir stopped before the job finished; resume it to go on");
        } catch (SourceUnavailableException e) {
            end = new End(ReplayState.INTERRUPTED, e.getMessage() + "; resume the job once the broker is back");
        } catch (LeaseLostException e) {
            end = LEFT_TO_LEADER;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Replay job %s stopped on an unexpected error", job.id);
            end = new End(ReplayState.INTERRUPTED, "stopped on an unexpected error: " + e);
        }
        onEnd.accept(end);
    }

    private End replay() throws SourceUnavailableException, InterruptedException {
        ReplaySelection.Matcher matcher = request.selection().matcher();
        Set<ReplaySelection.MessageRef> wanted = new HashSet<>(request.selection().messages());
        long started = System.nanoTime();
        long published = 0;
        ExecutorService ledger = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "weir-replay-ledger-" + job.id);
            thread.setDaemon(true);
            return thread;
        });
        try (Pass pass = mover.open(job.queue, store.position(job), batchSize * (batchesInFlight + 1))) {
            store.started(job.id, pass.remaining());
            Deque<Batch> inFlight = new ArrayDeque<>();
            while (true) {
                if (!leading.getAsBoolean()) {
                    return LEFT_TO_LEADER;
                }
                End stop = stopRequest.get();
                if (stop != null) {
                    completeAll(pass, inFlight);
                    return stop;
                }
                List<DeadLetter> letters = pass.next(batchSize);
                if (letters.isEmpty()) {
                    completeAll(pass, inFlight);
                    if (pass.remaining() > 0) {
                        throw new SourceUnavailableException("the broker sent no messages within the source's timeout"
                                + " although " + pass.remaining() + " are left to go through");
                    }
                    return new End(ReplayState.FINISHED, null);
                }
                Batch batch = decide(letters, matcher, wanted);
                batch.position = pass.position();
                // At most batchesInFlight batches published and not recorded: what a crash may repeat.
                while (inFlight.size() >= batchesInFlight) {
                    complete(pass, inFlight.poll());
                }
                DeadLetterMover.Confirmation confirmation = pass.publish(batch.publish);
                batch.recorded = ledger.submit(() -> record(batch, confirmation));
                inFlight.add(batch);
                published += batch.publish.size();
                if (request.selection().byName() && wanted.isEmpty()) {
                    completeAll(pass, inFlight);
                    return new End(ReplayState.FINISHED, null);
                }
                throttle(started, published);
            }
        } finally {
            // Not interrupted: a record under way commits or rolls back whole, and its batch stays unsettled.
            ledger.shutdown();
            while (!ledger.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warnf("Replay job %s is still waiting for its ledger to record a batch", job.id);
            }
        }
    }

    private void completeAll(Pass pass, Deque<Batch> inFlight) throws SourceUnavailableException, InterruptedException {
        while (!inFlight.isEmpty()) {
            complete(pass, inFlight.poll());
        }
    }

    /**
     * On the ledger's thread, in publishing order: waits for the batch's confirms and records it.
     * The replay's thread meanwhile takes and decides the next batch.
     */
    private Void record(Batch batch, DeadLetterMover.Confirmation confirmation) throws SourceUnavailableException,
            InterruptedException {
        confirmation.await();
        store.recordBatch(job.id, batch.outcomes, batch.passOver.size(), batch.position);
        return null;
    }

    /** Waits until the batch is confirmed and recorded, then settles it. */
    private void complete(Pass pass, Batch batch) throws SourceUnavailableException, InterruptedException {
        try {
            batch.recorded.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceUnavailableException unavailable) {
                throw unavailable;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
        settle(pass, batch);
    }

    /** A queue removes what was replayed or skipped and puts the rest back; a log's group forgets dead letters only when the job takes them all. */
    private void settle(Pass pass, Batch batch) throws SourceUnavailableException, InterruptedException {
        if (mover.removesSettled()) {
            pass.settle(batch.settle);
            pass.passOver(batch.passOver);
        } else if (request.selection().kind() == ReplaySelection.Kind.ALL && batch.passOver.isEmpty()) {
            pass.settle(batch.letters);
        }
    }

    private static final class Batch {
        final List<DeadLetter> letters;
        final List<Republish> publish = new ArrayList<>();
        final List<ReplayOutcome> outcomes = new ArrayList<>();
        final List<DeadLetter> settle = new ArrayList<>();
        final List<DeadLetter> passOver = new ArrayList<>();
        /** Where the pass stood right after taking this batch. */
        Map<Integer, Long> position;
        /** Done once the broker confirmed the batch and its record committed. */
        Future<Void> recorded;

        Batch(List<DeadLetter> letters) {
            this.letters = letters;
        }
    }

    private Batch decide(List<DeadLetter> letters, ReplaySelection.Matcher matcher, Set<ReplaySelection.MessageRef> wanted) {
        Batch batch = new Batch(letters);
        Map<DeadLetter, BrowsedMessage> selected = new HashMap<>();
        for (DeadLetter letter : letters) {
            BrowsedMessage message = BrowsedMessage.of(letter.message(), originHeader);
            if (matcher.selects(message, letter.messageId())) {
                selected.put(letter, message);
                wanted.removeIf(ref -> ref.matches(message, letter.messageId()));
            } else {
                batch.passOver.add(letter);
            }
        }
        Set<Object> replayedBefore = replayedBefore(selected.keySet());
        Instant now = Instant.now();
        for (DeadLetter letter : letters) {
            BrowsedMessage message = selected.get(letter);
            if (message == null) {
                continue;
            }
            if (replayedBefore.contains(identity(letter))) {
                batch.outcomes.add(outcome(letter, Outcome.SKIPPED, null, "replayed before", now));
                batch.settle.add(letter);
                continue;
            }
            Optional<Republishing.Target> target = Republishing.target(message, request.destination());
            if (target.isEmpty()) {
                batch.outcomes.add(outcome(letter, Outcome.FAILED, null,
                        "its headers name no original destination: replay it to a chosen destination", now));
                batch.passOver.add(letter);
                continue;
            }
            batch.publish.add(Republishing.republish(letter, target.get(), request.edit(), job.id, job.createdBy, now));
            batch.outcomes.add(outcome(letter, Outcome.REPLAYED, target.get().destination(), null, now));
            batch.settle.add(letter);
        }
        return batch;
    }

    /**
     * Logs: offsets some job replayed; queues: message IDs this job replayed (a crash hands them
     * back). A queue hands back only what an earlier pass of the job took and did not settle, so a
     * job's first pass has nothing to look up: the lookup (which grows with the job's ledger) runs
     * only on a resumed job.
     */
    private Set<Object> replayedBefore(Set<DeadLetter> letters) {
        Set<Object> found = new HashSet<>();
        if (mover.removesSettled()) {
            if (!resumed) {
                return found;
            }
            found.addAll(store.replayedIds(job.id, letters.stream().map(DeadLetter::messageId).filter(Objects::nonNull).toList()));
        } else {
            Map<Integer, List<Long>> byPartition = new HashMap<>();
            letters.forEach(l -> byPartition.computeIfAbsent(l.message().partition(), p -> new ArrayList<>()).add(l.message().offset()));
            byPartition.forEach((partition, offsets) -> store.replayedOffsets(job.source, job.queue, partition, offsets)
                    .forEach(offset -> found.add(partition + "/" + offset)));
        }
        return found;
    }

    private Object identity(DeadLetter letter) {
        return mover.removesSettled() ? letter.messageId() : letter.message().partition() + "/" + letter.message().offset();
    }

    private ReplayOutcome outcome(DeadLetter letter, Outcome outcome, String destination, String reason, Instant now) {
        ReplayOutcome row = new ReplayOutcome();
        row.jobId = job.id;
        row.source = job.source;
        row.queue = job.queue;
        row.partition = letter.message().partition();
        row.offset = letter.message().offset();
        row.offsetLast = row.offset;
        row.messageId = letter.messageId();
        row.outcome = outcome;
        row.destination = destination;
        row.reason = reason;
        row.at = now;
        return row;
    }

    /** Sleeps while the job is ahead of its rate. */
    private void throttle(long started, long published) throws InterruptedException {
        if (request.ratePerSecond() <= 0) {
            return;
        }
        long dueNanos = published * 1_000_000_000L / request.ratePerSecond();
        long aheadNanos = dueNanos - (System.nanoTime() - started);
        if (aheadNanos > 0) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }
}
