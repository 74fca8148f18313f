package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.operations.OperationException;
import io.weir.operations.purge.PurgePlan;
import io.weir.operations.purge.PurgeResult;
import io.weir.operations.purge.QueuePurges;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Purging a topic, queue or dead-letter queue: a preview (GET, or POST with {@code dryRun}) that
 * counts what would go, and the purge itself, admin only, confirmed with the queue's name. Both audited.
 */
@Path("/api/v1/sources/{source}/queues/{queue}/purge")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class PurgeResource {

    private final QueuePurges purges;
    private final SecurityIdentity identity;

    PurgeResource(QueuePurges purges, SecurityIdentity identity) {
        this.purges = purges;
        this.identity = identity;
    }

    /**
     * @param confirm the queue's name exactly (for RabbitMQ's default virtual host without the leading {@code //})
     * @param dryRun  only count, change nothing
     */
    public record PurgeBody(String confirm, Boolean dryRun) {
    }

    /** What a purge would remove; {@code refusal} says why an apply by the caller would be refused. */
    public record PlanJson(String source, String queue, String confirm, long messages, String refusal, boolean dryRun) {

        static PlanJson of(PurgePlan plan) {
            return new PlanJson(plan.source(), plan.queue(), plan.name(), plan.messages(), plan.refusal(), true);
        }
    }

    /** A purge done: the counts before and after as the broker reported them, and the audit entry. */
    public record ResultJson(String source, String queue, long before, long after, long removed, long auditId) {

        static ResultJson of(PurgeResult result) {
            return new ResultJson(result.source(), result.queue(), result.before(), result.after(), result.removed(),
                    result.auditId());
        }
    }

    @GET
    @Operation(summary = "Preview a purge: how many messages it would remove now (changes nothing, audited)")
    @APIResponse(responseCode = "200", description = "The count, and why an apply by the caller would be refused")
    @APIResponse(responseCode = "404", description = "No such source, topic or queue")
    @APIResponse(responseCode = "503", description = "The broker could not be reached")
    public PlanJson preview(@PathParam("source") String source, @PathParam("queue") String queue,
            @Context HttpServerRequest http) throws OperationException {
        return PlanJson.of(purges.preview(source, queue, ApiActors.of(identity, http), identity.hasRole(Roles.ADMIN)));
    }

    @POST
    @Operation(summary = "Purge a topic, queue or DLQ: deletes every stored message, for good",
            description = "Admin only (403 otherwise), refused on read-only sources (409), and only with"
                    + " {\"confirm\": \"<queue name>\"} matching exactly (400 otherwise). {\"dryRun\": true} previews"
                    + " instead. RabbitMQ: the management API's delete of the queue's contents (ready messages);"
                    + " Kafka: deleteRecords to the end offset of every partition; built-in broker: every stored message,"
                    + " and a dead-letter topic's group has no pending dead letters after. Audited as purge.apply with"
                    + " the counts before and after.")
    @APIResponse(responseCode = "200", description = "Purged: the counts before and after (or the preview for dryRun)")
    @APIResponse(responseCode = "400", description = "The confirmation does not match the queue's name")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "404", description = "No such source, topic or queue")
    @APIResponse(responseCode = "409", description = "The source is read-only")
    @APIResponse(responseCode = "503", description = "The broker could not be reached or refused, or this replica is"
            + " not the leader (the message names the leader)")
    public Object purge(@PathParam("source") String source, @PathParam("queue") String queue, PurgeBody body,
            @Context HttpServerRequest http) throws OperationException {
        if (body != null && Boolean.TRUE.equals(body.dryRun())) {
            return preview(source, queue, http);
        }
        return ResultJson.of(purges.apply(source, queue, body == null ? null : body.confirm(), ApiActors.of(identity, http),
                identity.hasRole(Roles.ADMIN)));
    }
}
