package io.weir.alerting.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.weir.alerting.notify.Notifier;
import io.weir.alerting.notify.Receivers;
import io.weir.alerting.notify.SendResult;
import io.weir.alerting.AlertingMetrics;
import io.weir.cluster.LeaseLostException;
import io.weir.cluster.Leadership;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: every quarter second it takes the pending notifications that are due and
 * hands them to a small pool of sender threads, at most one per group at a time and oldest first,
 * so a group's resolve never overtakes its trigger. A retryable failure is tried again after an
 * exponential back-off ({@code retry-initial} doubled per attempt, at most {@code retry-max}), or
 * after the receiver's {@code Retry-After}; a permanent one is kept with the receiver's answer.
 * Pending notifications left by a previous run are sent when it starts.
 *
 * <p>Only the leader sends. Each attempt first claims its entry for the leader's epoch (fenced by
 * the lease), looks once more at the leader's own clock right before the request, and records the
 * outcome only if the entry is still claimed by that epoch. So a leader paused past its lease does
 * not send when it wakes up; one paused (or killed) after the receiver took a notification and
 * before recording it leaves it claimed by an old epoch, and the new leader sends it again.
 */
@ApplicationScoped
@Startup
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final Receivers receivers;
    private final OutboxConfig config;
    private final MeterRegistry registry;
    private final Leadership leadership;
    private final AtomicLong outboxSize = new AtomicLong();
    /** Outbox ids being sent right now. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService loop;
    private ExecutorService senders;

    OutboxSender(Outbox outbox, Receivers receivers, OutboxConfig config, MeterRegistry registry, Leadership leadership) {
        this.outbox = outbox;
        this.leadership = leadership;
        this.receivers = receivers;
        this.config = config;
        this.registry = registry;
    }

    @PostConstruct
    void init() {
        Gauge.builder(AlertingMetrics.NOTIFICATION_OUTBOX_SIZE, outboxSize, AtomicLong::get)
                .description("Notifications stored and not yet delivered or failed for good").register(registry);
        start();
    }

    /** Starts sending: at start-up, this sends what a previous run left pending. */
    void start() {
        senders = Executors.newFixedThreadPool(config.senders(), daemon("weir-notify"));
        loop = Executors.newSingleThreadScheduledExecutor(daemon("weir-outbox"));
        loop.scheduleWithFixedDelay(this::sendDue, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
    }

    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Stops sending; attempts under way are interrupted and stay pending. */
    void stop() throws InterruptedException {
        loop.shutdownNow();
        senders.shutdownNow();
        senders.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void sendDue() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            Instant now = Instant.now();
            Set<String> groupsSeen = new HashSet<>();
            var pending = outbox.pending(BATCH);
            outboxSize.set(pending.size() < BATCH ? pending.size() : outbox.pendingCount());
            for (OutboxEntry entry : pending) {
                boolean oldestOfGroup = groupsSeen.add(entry.groupKey);
                if (oldestOfGroup && !entry.nextAttemptAt.isAfter(now) && inFlight.add(entry.id)) {
                    senders.execute(() -> attempt(entry));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Reading the notification outbox failed; trying again", e);
        }
    }

    private void prune() {
        try {
            outbox.prune(Instant.now().minus(config.historyRetention()));
        } catch (RuntimeException e) {
            LOG.error("Pruning the notification history failed; trying again in an hour", e);
        }
    }

    private void attempt(OutboxEntry entry) {
        long epoch = leadership.epoch();
        try {
            if (!outbox.claim(entry.id, entry.attempts, epoch)) {
                return; // an attempt that finished after the outbox was read already dealt with it
            }
            if (!leadership.isLeader()) {
                return; // the lease may have lapsed since the claim (a pause): the next leader sends it
            }
            Optional<Notifier> notifier = receivers.notifier(entry.receiver);
            SendResult result = notifier.isEmpty()
                    ? new SendResult.Permanent("receiver '" + entry.receiver + "' is no longer configured")
                    : notifier.get().send(Outbox.read(entry.notification));
            Instant now = Instant.now();
            Instant next = now.plus(delay(entry.attempts + 1, result));
            if (!outbox.recordAttempt(entry.id, entry.attempts, epoch, result, now, next)) {
                LOG.infof("Notification %d was claimed by a newer leader while this replica sent it; its outcome (%s) is"
                        + " not recorded", entry.id, result.answer());
            }
            count(entry.receiver, result);
            if (result instanceof SendResult.Permanent) {
                LOG.warnf("Receiver %s refused notification %d for good: %s", entry.receiver, entry.id, result.answer());
            }
        } catch (LeaseLostException e) {
            LOG.infof("Notification %d is left to the leader: %s", entry.id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Sending notification %d failed; it stays in the outbox", entry.id);
        } finally {
            inFlight.remove(entry.id);
        }
    }

    /** How long to wait after attempt number {@code attempt} failed with {@code result}. */
    Duration delay(int attempt, SendResult result) {
        Duration max = config.retryMax();
        if (result instanceof SendResult.Retryable retryable && retryable.retryAfter().isPresent()) {
            Duration asked = retryable.retryAfter().get();
            return asked.compareTo(max) > 0 ? max : asked;
        }
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration backoff = config.retryInitial().multipliedBy(factor);
        return backoff.compareTo(max) > 0 || backoff.isNegative() ? max : backoff;
    }

    private void count(String receiver, SendResult result) {
        String outcome = result instanceof SendResult.Delivered ? "delivered"
                : result instanceof SendResult.Retryable ? "retried" : "failed";
        Counter.builder(AlertingMetrics.NOTIFICATIONS).description("Delivery attempts of notifications, by outcome")
                .tags("receiver", receiver, "outcome", outcome).register(registry).increment();
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
