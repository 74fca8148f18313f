package io.weir.alerting.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.weir.alerting.notify.Notification;
import io.weir.alerting.notify.SendResult;
import io.weir.cluster.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The durable outbox and the notification log, in the database. A notification is stored, together
 * with the log entry saying its group was notified, in one transaction before anything is sent;
 * so a crash after that loses nothing (the row is sent after the restart) and a crash before it
 * loses nothing either (the group is not marked notified, so the dispatcher notifies it again).
 * A crash between a receiver's answer and the row's update sends that notification twice: the
 * outbox delivers at least once. Thread-safe; every method runs in its own transaction.
 *
 * <p>With several replicas only the leader stores notifications and claims entries to send, both
 * fenced by its lease; an attempt's outcome is recorded only while the entry is still claimed by the
 * epoch that made the attempt. A new leader claims again whatever an older epoch claimed and did not
 * record: if the old leader's receiver had taken it, it is sent twice (the same at-least-once window
 * as a crash between the answer and the update).
 */
@ApplicationScoped
public class Outbox {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Leadership leadership;

    Outbox(Leadership leadership) {
        this.leadership = leadership;
    }

    /** Stores a notification to send now and records that its group was told of {@code firing}. */
    void add(Notification notification, String summary, SortedSet<String> firing) {
        OutboxEntry entry = new OutboxEntry();
        entry.receiver = notification.receiver();
        entry.groupKey = notification.groupKey();
        entry.summary = summary.length() > 2000 ? summary.substring(0, 1999) + "…" : summary;
        entry.notification = write(notification);
        entry.status = OutboxEntry.Status.PENDING;
        entry.createdAt = notification.createdAt();
        entry.nextAttemptAt = notification.createdAt();
        leadership.fenced(() -> {
            entry.persist();
            saveLog(notification.groupKey(), firing, notification.createdAt());
        });
        changed();
    }

    /** Records that the group's firing set shrank without a notification (its alerts were muted). */
    void forget(String groupKey, SortedSet<String> firing) {
        leadership.fenced(() -> {
            NotificationLogEntry entry = NotificationLogEntry.findById(groupKey);
            if (entry != null) {
                entry.firing = String.join(",", firing);
            }
        });
    }

    private static void saveLog(String groupKey, Set<String> firing, Instant sentAt) {
        NotificationLogEntry entry = NotificationLogEntry.findById(groupKey);
        if (entry == null) {
            entry = new NotificationLogEntry();
            entry.groupKey = groupKey;
            entry.firing = String.join(",", firing);
            entry.sentAt = sentAt;
            entry.persist();
        } else {
            entry.firing = String.join(",", firing);
            entry.sentAt = sentAt;
        }
    }

    /** What the group was last notified of, if ever: firing fingerprints and when. */
    Optional<LogRecord> lastNotified(String groupKey) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(NotificationLogEntry.<NotificationLogEntry>findById(groupKey))
                .map(e -> new LogRecord(e.firing.isEmpty() ? new TreeSet<>() : new TreeSet<>(List.of(e.firing.split(","))), e.sentAt)));
    }

    record LogRecord(SortedSet<String> firing, Instant sentAt) {
    }

    /** Pending notifications, oldest first. */
    List<OutboxEntry> pending(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.<OutboxEntry>find("status", Sort.ascending("id"),
                OutboxEntry.Status.PENDING).page(Page.ofSize(limit)).list());
    }

    /**
     * Claims the entry for an attempt by the leader of {@code epoch}: only while it is still pending
     * after exactly {@code attempts} attempts and no newer epoch claimed it. Fenced by the lease;
     * false when another attempt dealt with it first.
     */
    boolean claim(long id, int attempts, long epoch) {
        return leadership.fenced(() -> OutboxEntry.update("claimEpoch = ?1 where id = ?2 and status = ?3 and attempts = ?4"
                + " and (claimEpoch is null or claimEpoch <= ?1)", epoch, id, OutboxEntry.Status.PENDING, attempts) == 1);
    }

    /**
     * Records the outcome of the attempt that {@code epoch} claimed after {@code attempts} attempts;
     * {@code nextAttempt} is used only when the result is retryable. False, recording nothing, when a
     * newer leader claimed the entry meanwhile: the outcome is then that leader's to find out.
     */
    boolean recordAttempt(long id, int attempts, long epoch, SendResult result, Instant attemptedAt, Instant nextAttempt) {
        OutboxEntry.Status status = result instanceof SendResult.Delivered ? OutboxEntry.Status.DELIVERED
                : result instanceof SendResult.Permanent ? OutboxEntry.Status.FAILED : OutboxEntry.Status.PENDING;
        boolean finished = status != OutboxEntry.Status.PENDING;
        // One conditional UPDATE: a newer leader's claim of the same row either comes first (this matches nothing) or after.
        String where = " where id = ?4 and status = ?5 and attempts = ?6 and claimEpoch = ?7";
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> (finished
                ? OutboxEntry.update("attempts = attempts + 1, lastAttemptAt = ?1, lastAnswer = ?2, status = ?3,"
                        + " finishedAt = ?1, nextAttemptAt = null" + where, attemptedAt, result.answer(), status,
                        id, OutboxEntry.Status.PENDING, attempts, epoch)
                : OutboxEntry.update("attempts = attempts + 1, lastAttemptAt = ?1, lastAnswer = ?2, nextAttemptAt = ?3" + where,
                        attemptedAt, result.answer(), nextAttempt, id, OutboxEntry.Status.PENDING, attempts, epoch)) == 1);
        changed();
        return recorded;
    }

    /** The latest notifications, newest first, for the history page. */
    public List<OutboxEntry> history(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.<OutboxEntry>findAll(Sort.descending("id"))
                .page(Page.ofSize(limit)).list());
    }

    /** Deletes delivered and failed notifications finished before {@code before}; pending ones stay. */
    long prune(Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.delete("status <> ?1 and finishedAt < ?2",
                OutboxEntry.Status.PENDING, before));
    }

    public long pendingCount() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count("status", OutboxEntry.Status.PENDING));
    }

    /** Runs {@code listener} (on a background thread) after every change; returns the unsubscribe action. */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    static String write(Notification notification) {
        try {
            return JSON.writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Notification read(String json) {
        try {
            return JSON.readValue(json, Notification.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
