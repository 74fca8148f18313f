package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.operations.OperationException;
import io.weir.operations.browse.PeekResult;
import io.weir.operations.browse.PeekedMessage;
import io.weir.operations.browse.QueuePeeking;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Peeks at the head of a RabbitMQ queue: RabbitMQ's management API takes the messages and
 * requeues them, which marks them redelivered and can change their order (see
 * {@link QueuePeeking#WARNING}). An operator's action, audited; a POST because it changes the queue.
 */
@Path("/api/v1/sources/{source}/queues/{queue}/peek")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class PeekResource {

    static final int DEFAULT_COUNT = 10;

    private final QueuePeeking peeking;
    private final SecurityIdentity identity;

    PeekResource(QueuePeeking peeking, SecurityIdentity identity) {
        this.peeking = peeking;
        this.identity = identity;
    }

    /** {@code count}: messages to peek, 1 to 100 (default 10). */
    public record PeekBody(Integer count) {
    }

    /**
     * One peeked message: {@code position} from the head of the queue, then what RabbitMQ says about
     * it, and the message in the browser's form ({@code partition} 0, {@code offset} = position).
     */
    public record PeekedJson(int position, boolean redelivered, String exchange, String routingKey, long messageCount,
            Map<String, String> properties, boolean timestampFromPublisher, MessagesResource.MessageJson message) {

        static PeekedJson of(PeekedMessage m) {
            return new PeekedJson((int) m.message().offset(), m.redelivered(), m.exchange(), m.routingKey(),
                    m.messageCount(), m.properties(), m.stampedByPublisher(),
                    MessagesResource.json(m.message(), MessagesResource.DEFAULT_VALUE_BYTES));
        }
    }

    public record PeekJson(String source, String queue, String queueType, String warning, List<PeekedJson> messages,
            long auditId) {

        static PeekJson of(PeekResult result) {
            return new PeekJson(result.source(), result.queue(), result.queueType(), QueuePeeking.WARNING,
                    result.messages().stream().map(PeekedJson::of).toList(), result.auditId());
        }
    }

    @POST
    @Operation(summary = "Peek at the head of a RabbitMQ queue (requeues: marks messages redelivered, may reorder)",
            description = "RabbitMQ's management API takes up to `count` messages and puts them back (ackmode"
                    + " ack_requeue_true). The message count stays the same, but every peeked message returns marked"
                    + " redelivered and consumers may receive the messages behind them first. Needs the operator role;"
                    + " refused on read-only sources, streams, exclusive queues and quorum queues with a delivery limit."
                    + " Audited as browse.peek. The queue is a name in the source's virtual host, or vhost%2Fname.")
    @APIResponse(responseCode = "200", description = "The peeked messages, already requeued")
    @APIResponse(responseCode = "400", description = "count is not 1 to 100")
    @APIResponse(responseCode = "403", description = "A viewer asked: peeking changes the queue")
    @APIResponse(responseCode = "404", description = "No such source or queue, or the source is not RabbitMQ")
    @APIResponse(responseCode = "409", description = "The source is read-only, or this kind of queue is not peeked (the reason says why)")
    @APIResponse(responseCode = "503", description = "RabbitMQ could not be reached or failed")
    public PeekJson peek(@PathParam("source") String source, @PathParam("queue") String queue, PeekBody body,
            @Context HttpServerRequest http) throws OperationException {
        int count = body == null || body.count() == null ? DEFAULT_COUNT : body.count();
        return PeekJson.of(peeking.peek(source, queue, count, ApiActors.of(identity, http), identity::hasRole));
    }
}
