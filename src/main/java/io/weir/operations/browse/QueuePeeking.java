package io.weir.operations.browse;

import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import io.weir.operations.audit.AuditRecord.Result;
import io.weir.security.Roles;
import io.weir.sources.PeekRefusedException;
import io.weir.sources.QueuePeek;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Peeks at the head of a RabbitMQ queue, the one way RabbitMQ shows a queue's messages: the
 * management API takes them and requeues them (see {@link QueuePeek}). That is not a pure read:
 * every peeked message comes back marked {@code redelivered}, which consumers may treat as "I may
 * have seen this", and while the peek holds them consumers get the messages behind, so order can
 * change. The message count stays the same. So a peek is an operator's action, not a viewer's:
 * refused for viewers and on read-only sources, bounded to {@value #MAX_COUNT} messages, and
 * audited (refused or not). Queues RabbitMQ cannot give back or would harm are refused by the
 * source with the reason. Blocking; thread-safe.
 */
@ApplicationScoped
public class QueuePeeking {

    /** Most messages one peek takes: they are all held unacknowledged until the peek answers. */
    public static final int MAX_COUNT = 100;
    static final String PEEK = "browse.peek";

    /** What the console and README say before a peek; the operator confirms having read it. */
    public static final String WARNING = "Peeking takes the messages from the head of the queue and puts them back"
            + " (RabbitMQ's management API get with requeue). The number of messages stays the same, but every peeked"
            + " message returns marked redelivered, and while Weir holds them consumers receive the messages behind"
            + " them, so the order consumers see can change. Consumers that treat redelivered messages specially will"
            + " do so. Weir refuses streams, exclusive queues and quorum queues with a delivery limit.";

    private final SourceRegistry sources;
    private final AuditLog audit;
    private final MessageBrowsing browsing;

    QueuePeeking(SourceRegistry sources, AuditLog audit, MessageBrowsing browsing) {
        this.sources = sources;
        this.audit = audit;
        this.browsing = browsing;
    }

    /** Whether the source's queues are looked at by peeking (RabbitMQ) rather than browsed. */
    public boolean canPeek(String source) {
        return sources.queuePeek(source).isPresent();
    }

    /**
     * Peeks at up to {@code count} messages and audits it.
     *
     * @param hasRole whether the actor holds a role ({@link Roles}): a viewer is refused ({@link Kind#FORBIDDEN}),
     *     and payloads the source hides from the actor are hidden ({@link MessageBrowsing#payloadVisible})
     */
    public PeekResult peek(String source, String queue, int count, Actor actor, Predicate<String> hasRole)
            throws OperationException {
        long start = System.nanoTime();
        String parameters = "{\"count\":" + count + "}";
        try {
            QueuePeek peek = check(source, queue, count, hasRole.test(Roles.OPERATOR));
            QueuePeek.PeekedQueue peeked = peek.peek(queue, count);
            boolean visible = browsing.payloadVisible(source, queue, hasRole);
            Instant now = Instant.now();
            List<PeekedMessage> messages = new ArrayList<>();
            for (QueuePeek.PeekedMessage m : peeked.messages()) {
                messages.add(browsed(messages.size(), m, now, visible));
            }
            String message = "peeked " + messages.size() + " message(s) of " + peeked.kind()
                    + " queue; requeued, marked redelivered";
            AuditEntry entry = audit.append(new AuditRecord(actor, source, object(queue), PEEK, parameters, null,
                    "{\"peeked\":" + messages.size() + "}", Result.OK, message, since(start), null));
            return new PeekResult(source, queue, peeked.kind(), messages, entry.id);
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, source, object(queue), PEEK, parameters, null, null, Result.REFUSED,
                    e.getMessage(), since(start), null));
            throw e;
        } catch (PeekRefusedException e) {
            audit.append(new AuditRecord(actor, source, object(queue), PEEK, parameters, null, null, Result.REFUSED,
                    e.getMessage(), since(start), null));
            throw new OperationException(Kind.REFUSED, e.getMessage(), e);
        } catch (UnknownQueueException e) {
            audit.append(new AuditRecord(actor, source, object(queue), PEEK, parameters, null, null, Result.FAILED,
                    e.getMessage(), since(start), null));
            throw new OperationException(Kind.NOT_FOUND, e.getMessage(), e);
        } catch (SourceUnavailableException e) {
            audit.append(new AuditRecord(actor, source, object(queue), PEEK, parameters, null, null, Result.FAILED,
                    e.getMessage(), since(start), null));
            throw new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(Kind.UNAVAILABLE, "interrupted while peeking", e);
        }
    }

    private QueuePeek check(String source, String queue, int count, boolean operator) throws OperationException {
        if (sources.source(source).isEmpty()) {
            throw new OperationException(Kind.NOT_FOUND, "no source named '" + source + "' is configured");
        }
        QueuePeek peek = sources.queuePeek(source).orElseThrow(() -> new OperationException(Kind.NOT_FOUND,
                "source " + source + " is not peeked: browse its topics instead (peeking is for RabbitMQ queues)"));
        if (!operator) {
            throw new OperationException(Kind.FORBIDDEN, "peeking marks messages redelivered and can change their"
                    + " order, so it needs the operator role; viewers cannot peek");
        }
        if (sources.readOnly(source)) {
            throw new OperationException(Kind.REFUSED, "source " + source + " is read-only (weir.sources." + source
                    + ".read-only=true): peeking changes the queue (redelivered flags, order), so Weir does not peek it");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new OperationException(Kind.INVALID, "count must be 1 to " + MAX_COUNT + ": " + count);
        }
        if (queue == null || queue.isBlank()) {
            throw new OperationException(Kind.INVALID, "name the queue to peek");
        }
        return peek;
    }

    private static PeekedMessage browsed(int position, QueuePeek.PeekedMessage m, Instant now, boolean visible) {
        List<BrowsedMessage.Header> headers = m.headers().stream()
                .map(h -> new BrowsedMessage.Header(h.name(), h.value())).toList();
        Instant timestamp = m.timestamp() == null ? now : m.timestamp();
        BrowsedMessage message = new BrowsedMessage(0, position, timestamp, null, headers, m.payload(),
                DeadLetterOrigin.of(headers, timestamp));
        return new PeekedMessage(visible ? message : message.withPayloadHidden(), m.redelivered(), m.exchange(), m.routingKey(), m.properties(), m.messageCount(),
                m.timestamp() != null);
    }

    private static String object(String queue) {
        return "queue " + queue;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
