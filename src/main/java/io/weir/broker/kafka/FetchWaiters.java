package io.weir.broker.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Long polls without a thread each: a waiting fetch is parked here under its topics and re-run
 * on a worker when one of them gets an append ({@link #appended}, called by the broker on the
 * publishing thread, only schedules), or once more at its deadline. Thread-safe.
 */
final class FetchWaiters {

    /** The result of one try, and whether it is good enough to answer before the deadline. */
    record Attempt<T>(T result, boolean enough) {
    }

    private final Map<String, Set<Waiter<?>>> byTopic = new ConcurrentHashMap<>();
    private final Executor workers;
    private final ScheduledExecutorService timer;

    FetchWaiters(Executor workers, ScheduledExecutorService timer) {
        this.workers = workers;
        this.timer = timer;
    }

    /** Wakes the polls waiting on {@code topic}; never blocks. */
    void appended(String topic) {
        Set<Waiter<?>> waiting = byTopic.get(topic);
        if (waiting != null) {
            waiting.forEach(Waiter::wake);
        }
    }

    /**
     * Runs {@code attempt} now and after each append to one of {@code topics} until it is enough,
     * or one last time once {@code waitMillis} have passed; the future gets that result.
     */
    <T> CompletableFuture<T> await(Collection<String> topics, long waitMillis, Supplier<Attempt<T>> attempt) {
        Waiter<T> waiter = new Waiter<>(Set.copyOf(topics), attempt);
        for (String topic : waiter.topics) {
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(waiter);
        }
        timer.schedule(() -> workers.execute(waiter::last), waitMillis, TimeUnit.MILLISECONDS);
        waiter.wake(); // an append between the caller's first try and registering is not missed
        return waiter.future;
    }

    private final class Waiter<T> {
        final Set<String> topics;
        final Supplier<Attempt<T>> attempt;
        final CompletableFuture<T> future = new CompletableFuture<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Waiter(Set<String> topics, Supplier<Attempt<T>> attempt) {
            this.topics = topics;
            this.attempt = attempt;
        }

        void wake() {
            if (!future.isDone() && scheduled.compareAndSet(false, true)) {
                workers.execute(this::retry);
            }
        }

        private void retry() {
            scheduled.set(false);
            if (future.isDone()) {
                return;
            }
            try {
                Attempt<T> result = attempt.get();
                if (result.enough()) {
                    finish(result.result());
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        void last() {
            if (future.isDone()) {
                return;
            }
            try {
                finish(attempt.get().result());
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void finish(T result) {
            unregister();
            future.complete(result);
        }

        private void fail(RuntimeException e) {
            unregister();
            future.completeExceptionally(e);
        }

        private void unregister() {
            for (String topic : topics) {
                byTopic.computeIfPresent(topic, (t, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
