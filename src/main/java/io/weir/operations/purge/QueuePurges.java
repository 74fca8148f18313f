package io.weir.operations.purge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.cluster.Leadership;
import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import io.weir.operations.audit.AuditRecord.Result;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Purging a topic, queue or dead-letter queue: every stored message deleted, for good. A plan
 * first ({@link #preview}: how many would go, changes nothing); {@link #apply} only for an admin,
 * only with the queue's name typed exactly as confirmation, never on a read-only source. Both are
 * audited, refused or not, with the counts before and after. Works through the sources'
 * {@link QueuePurger} (RabbitMQ: the management API's delete of the contents; Kafka:
 * {@code deleteRecords} to the end of every partition; the built-in broker: its purge). Like
 * offset resets, a purge is applied by the leader only: another replica refuses it, naming the leader.
 *
 * <p>Blocking: each call talks to the broker and the database. Thread-safe.
 */
@ApplicationScoped
public class QueuePurges {

    static final String PREVIEW = "purge.preview";
    static final String APPLY = "purge.apply";

    private final SourceRegistry sources;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Leadership leadership;

    QueuePurges(SourceRegistry sources, AuditLog audit, ObjectMapper json, Leadership leadership) {
        this.sources = sources;
        this.audit = audit;
        this.json = json;
        this.leadership = leadership;
    }

    /**
     * The name an operator types to confirm a purge of {@code queue}: the name itself, without the
     * {@code //} of RabbitMQ's default virtual host, as the console shows it.
     */
    public static String confirmationName(String queue) {
        return queue.startsWith("//") ? queue.substring(2) : queue;
    }

    /**
     * How many messages a purge would remove now; audited as a preview.
     *
     * @param admin whether the actor holds the admin role (the plan says an apply would be refused otherwise)
     */
    public PurgePlan preview(String source, String queue, Actor actor, boolean admin) throws OperationException {
        long start = System.nanoTime();
        try {
            long messages = count(purger(source, queue), queue);
            PurgePlan plan = new PurgePlan(source, queue, confirmationName(queue), messages, refusal(source, admin));
            audit.append(new AuditRecord(actor, source, object(queue), PREVIEW, "{}", counts(messages), null, Result.OK,
                    (messages < 0 ? "message count not reported yet" : messages + " message(s) would be removed")
                            + (plan.refusal() == null ? "" : "; apply would be refused: " + plan.refusal()),
                    since(start), null));
            return plan;
        } catch (OperationException e) {
            audit(actor, source, queue, PREVIEW, "{}", e, start);
            throw e;
        }
    }

    /**
     * Purges the queue, once the checks pass: the actor is an admin ({@link Kind#FORBIDDEN}), the
     * source is not read-only ({@link Kind#REFUSED}) and {@code confirm} is exactly
     * {@link #confirmationName} ({@link Kind#INVALID}), and this replica is the leader
     * ({@link Kind#UNAVAILABLE} otherwise, audited as refused: only the leader changes brokers).
     */
    public PurgeResult apply(String source, String queue, String confirm, Actor actor, boolean admin)
            throws OperationException {
        long start = System.nanoTime();
        String parameters = json.createObjectNode().put("confirm", confirm).toString();
        QueuePurger purger;
        try {
            purger = purger(source, queue);
            String refusal = refusal(source, admin);
            if (refusal != null) {
                throw new OperationException(admin ? Kind.REFUSED : Kind.FORBIDDEN, refusal);
            }
            if (!confirmationName(queue).equals(confirm)) {
                throw new OperationException(Kind.INVALID, "not purged: confirm with the queue's name exactly ('"
                        + confirmationName(queue) + "'), " + (confirm == null ? "none was given" : "not '" + confirm + "'"));
            }
        } catch (OperationException e) {
            audit(actor, source, queue, APPLY, parameters, e, start);
            throw e;
        }
        String follower = leadership.followerRefusal("purges").orElse(null);
        if (follower != null) {
            audit.append(new AuditRecord(actor, source, object(queue), APPLY, parameters, null, null, Result.REFUSED,
                    follower, since(start), null));
            throw new OperationException(Kind.UNAVAILABLE, follower);
        }
        try {
            QueuePurger.PurgeCount count = purger.purge(queue);
            long removed = count.after() < 0 ? count.before() : Math.max(0, count.before() - count.after());
            AuditEntry entry = audit.append(new AuditRecord(actor, source, object(queue), APPLY, parameters,
                    counts(count.before()), "{\"messages\":" + count.after() + ",\"removed\":" + removed + "}", Result.OK,
                    removed + " message(s) removed" + (count.after() < 0 ? " (RabbitMQ had not counted the queue again yet)"
                            : count.after() > 0 ? "; " + count.after() + " left (published meanwhile, or not yet deletable)" : ""),
                    since(start), null));
            return new PurgeResult(source, queue, count.before(), count.after(), removed, entry.id);
        } catch (UnknownQueueException e) {
            OperationException failure = new OperationException(Kind.NOT_FOUND, e.getMessage(), e);
            audit(actor, source, queue, APPLY, parameters, failure, start);
            throw failure;
        } catch (SourceUnavailableException e) {
            OperationException failure = new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
            audit(actor, source, queue, APPLY, parameters, failure, start);
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(Kind.UNAVAILABLE, "interrupted while purging", e);
        }
    }

    private static long count(QueuePurger purger, String queue) throws OperationException {
        try {
            return purger.count(queue);
        } catch (UnknownQueueException e) {
            throw new OperationException(Kind.NOT_FOUND, e.getMessage(), e);
        } catch (SourceUnavailableException e) {
            throw new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(Kind.UNAVAILABLE, "interrupted while counting", e);
        }
    }

    private String refusal(String source, boolean admin) {
        if (!admin) {
            return "purging deletes messages for good, so only an admin may purge";
        }
        if (sources.readOnly(source)) {
            return "source " + source + " is read-only (weir.sources." + source + ".read-only=true): Weir changes nothing on it";
        }
        return null;
    }

    private QueuePurger purger(String source, String queue) throws OperationException {
        if (sources.source(source).isEmpty()) {
            throw new OperationException(Kind.NOT_FOUND, "no source named '" + source + "' is configured");
        }
        if (queue == null || queue.isBlank()) {
            throw new OperationException(Kind.INVALID, "name the topic or queue to purge");
        }
        return sources.queuePurger(source).orElseThrow(() -> new OperationException(Kind.NOT_FOUND,
                "source " + source + " cannot purge"));
    }

    private void audit(Actor actor, String source, String queue, String action, String parameters, OperationException e,
            long start) {
        audit.append(new AuditRecord(actor, source, object(queue == null ? "" : queue), action, parameters, null, null,
                e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.NOT_FOUND ? Result.FAILED : Result.REFUSED, e.getMessage(),
                since(start), null));
    }

    private static String counts(long messages) {
        return "{\"messages\":" + messages + "}";
    }

    private static String object(String queue) {
        return "queue " + queue;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
