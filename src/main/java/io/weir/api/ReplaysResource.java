package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.operations.OperationException;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.ReplayOutcome;
import io.weir.operations.replay.ReplayPreview;
import io.weir.operations.replay.ReplayProgress;
import io.weir.operations.replay.ReplayRequest;
import io.weir.operations.replay.ReplaySelection;
import io.weir.operations.replay.Replays;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Dead-letter replay jobs: a preview first ({@code dryRun} is the default), then a job that runs
 * in the background with live progress, pause, resume and cancel, and a per-message ledger.
 * Every call that changes something is audited with the job's ID.
 */
@Path("/api/v1/replays")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ReplaysResource {

    private final Replays replays;
    private final SecurityIdentity identity;

    ReplaysResource(Replays replays, SecurityIdentity identity) {
        this.replays = replays;
        this.identity = identity;
    }

    /**
     * The request body. {@code selection}: {@code all} (default), {@code filter} (with {@code filter},
     * the message browser's filter fields), {@code reason} (with {@code reason}, a failure reason as
     * the dead-letter page groups them) or {@code selected} (with {@code messages}: partition and
     * offset, or messageId). {@code destination}: a topic or queue, or leave it out for each message's
     * original destination. {@code edit}: headers and/or value replacing those of the one selected message.
     */
    public record ReplayBody(String source, String queue, String selection, ReplaySelection.FilterSpec filter,
            String reason, List<ReplaySelection.MessageRef> messages, String destination, Integer ratePerSecond,
            ReplayRequest.Edit edit, Boolean dryRun) {
    }

    public record PreviewJson(long queued, long scanned, boolean complete, long selected, long alreadyReplayed,
            Map<String, Long> destinations, long withoutDestination, List<MessagesResource.MessageJson> sample,
            List<String> warnings, String refusal) {

        static PreviewJson of(ReplayPreview p) {
            return new PreviewJson(p.queued(), p.scanned(), p.complete(), p.selected(), p.alreadyReplayed(),
                    p.destinations(), p.withoutDestination(),
                    p.sample().stream().map(m -> MessagesResource.json(m, 4096)).toList(), p.warnings(), p.refusal());
        }
    }

    /**
     * A job and its progress. {@code done} = replayed + skipped + failed + passedOver, of {@code total};
     * {@code ratePerSecondNow} and {@code secondsLeft} are estimates from the job's pace so far.
     */
    public record JobJson(String id, String source, String queue, String destination, String selection, String state,
            long total, long done, long replayed, long skipped, long failed, long passedOver, int ratePerSecond,
            Double ratePerSecondNow, Long secondsLeft, String createdBy, Instant createdAt, Instant updatedAt,
            Instant finishedAt, String message) {

        static JobJson of(ReplayJob job) {
            ReplayProgress progress = ReplayProgress.of(job, Instant.now());
            return new JobJson(job.id, job.source, job.queue, job.destination, job.selection.name().toLowerCase(Locale.ROOT),
                    job.state.name().toLowerCase(Locale.ROOT), job.total, job.done(), job.replayed, job.skipped, job.failed,
                    job.passedOver, job.ratePerSecond, progress.ratePerSecond(),
                    progress.timeLeft() == null ? null : progress.timeLeft().toSeconds(), job.createdBy, job.createdAt,
                    job.updatedAt, job.finishedAt, job.message);
        }
    }

    public record OutcomeJson(int partition, long offset, String messageId, String outcome, String destination,
            String reason, Instant at) {

        static OutcomeJson of(ReplayOutcome o) {
            return new OutcomeJson(o.partition, o.offset, o.messageId, o.outcome.name().toLowerCase(Locale.ROOT),
                    o.destination, o.reason, o.at);
        }
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Preview a replay (dryRun: true, the default) or start it as a job (dryRun: false)",
            description = "A preview reads the dead-letter queue without moving anything (Kafka and built-in: up to"
                    + " weir.operations.browse.max-scan messages; RabbitMQ: its count only) and says how many messages"
                    + " the selection takes, where they go and a sample. A start answers 202 with the job.")
    @APIResponse(responseCode = "200", description = "The preview")
    @APIResponse(responseCode = "202", description = "The job, started")
    @APIResponse(responseCode = "409", description = "Refused: the source is read-only")
    public Response create(ReplayBody body, @Context HttpServerRequest http) throws OperationException {
        ReplayRequest request = request(body);
        if (body.dryRun() == null || body.dryRun()) {
            return Response.ok(PreviewJson.of(replays.preview(request, ApiActors.of(identity, http)))).build();
        }
        return Response.accepted(JobJson.of(replays.start(request, ApiActors.of(identity, http)))).build();
    }

    @GET
    @Operation(summary = "Replay jobs, newest first: running, paused, interrupted and ended")
    public List<JobJson> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return replays.list(limit).stream().map(JobJson::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A replay job and its progress")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobJson get(@PathParam("id") String id) throws OperationException {
        return JobJson.of(replays.get(id));
    }

    @GET
    @Path("{id}/outcomes")
    @Operation(summary = "The job's per-message ledger: replayed, skipped (replayed before) or failed, with the reason")
    public List<OutcomeJson> outcomes(@PathParam("id") String id, @QueryParam("outcome") String outcome,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit)
            throws OperationException {
        ReplayOutcome.Outcome only = null;
        if (outcome != null) {
            try {
                only = ReplayOutcome.Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("outcome must be replayed, skipped or failed, not '" + outcome + "'");
            }
        }
        return replays.outcomes(id, only, offset, limit).stream().map(OutcomeJson::of).toList();
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Pause a running job after its batch in flight")
    public JobJson pause(@PathParam("id") String id, @Context HttpServerRequest http) throws OperationException {
        return JobJson.of(replays.pause(id, ApiActors.of(identity, http)));
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Resume a paused or interrupted job from its last recorded batch")
    public JobJson resume(@PathParam("id") String id, @Context HttpServerRequest http) throws OperationException {
        return JobJson.of(replays.resume(id, ApiActors.of(identity, http)));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a job for good; what it replayed stays replayed")
    public JobJson cancel(@PathParam("id") String id, @Context HttpServerRequest http) throws OperationException {
        return JobJson.of(replays.cancel(id, ApiActors.of(identity, http)));
    }

    private static ReplayRequest request(ReplayBody body) {
        if (body == null || body.source() == null || body.queue() == null) {
            throw new BadRequestException("the body needs source and queue (the dead-letter queue to replay from)");
        }
        try {
            ReplaySelection.Kind kind = body.selection() == null ? ReplaySelection.Kind.ALL
                    : ReplaySelection.Kind.valueOf(body.selection().strip().toUpperCase(Locale.ROOT));
            return new ReplayRequest(body.source(), body.queue(),
                    new ReplaySelection(kind, body.filter(), body.reason(), body.messages()), body.destination(),
                    body.ratePerSecond() == null ? 0 : body.ratePerSecond(), body.edit());
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage() != null && e.getMessage().startsWith("No enum constant")
                    ? "selection must be all, filter, reason or selected, not '" + body.selection() + "'" : e.getMessage();
            throw new BadRequestException(message);
        }
    }
}
