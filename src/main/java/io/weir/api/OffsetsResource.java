package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.core.PartitionRef;
import io.weir.operations.OperationException;
import io.weir.operations.offsets.Durations;
import io.weir.operations.offsets.OffsetResetMode;
import io.weir.operations.offsets.OffsetResetPlan;
import io.weir.operations.offsets.OffsetResetRequest;
import io.weir.operations.offsets.OffsetResetResult;
import io.weir.operations.offsets.OffsetResets;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Offset resets of a source's consumer group: a plan first (changes nothing), then apply (only
 * while the group has no members; read back and compared with the plan). Both are audited.
 */
@Path("/api/v1/sources/{source}/groups/{group}/offsets")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class OffsetsResource {

    private final OffsetResets resets;
    private final SecurityIdentity identity;

    OffsetsResource(OffsetResets resets, SecurityIdentity identity) {
        this.resets = resets;
        this.identity = identity;
    }

    /**
     * The request body. {@code mode}: to-earliest, to-latest, to-current, to-datetime
     * ({@code dateTime}), by-duration ({@code duration}, e.g. {@code 1h} or {@code PT1H}), shift-by
     * ({@code shift}), to-offset ({@code offset}), from-file ({@code csv}), from-group ({@code fromGroup}).
     * Scope: {@code topics} and {@code partitions}; both empty means every topic the group has commits on.
     */
    public record ResetBody(String mode, String dateTime, String duration, Long shift, Long offset, String csv,
            String fromGroup, List<String> topics, List<PartitionRef> partitions) {
    }

    public record PartitionMove(String topic, int partition, Long current, long requested, long next, long start,
            long end, String clamp, long skipped, long reread, Long lagBefore, long lagAfter) {

        static PartitionMove of(OffsetResetPlan.PartitionPlan p) {
            return new PartitionMove(p.partition().topic(), p.partition().partition(), p.current(), p.requested(), p.next(),
                    p.start(), p.end(), p.clamp(), p.skipped(), p.reread(), p.lagBefore(), p.lagAfter());
        }
    }

    public record MemberView(String id, String clientId, String host) {
    }

    public record PlanView(String source, String group, String mode, List<MemberView> members,
            List<PartitionMove> partitions, String refusal, List<String> warnings, String csv) {

        static PlanView of(OffsetResetPlan plan) {
            return new PlanView(plan.request().source(), plan.request().group(), plan.request().mode().apiName(),
                    plan.members().stream().map(m -> new MemberView(m.id(), m.clientId(), m.host())).toList(),
                    plan.partitions().stream().map(PartitionMove::of).toList(), plan.refusal(), plan.warnings(), plan.csv());
        }
    }

    public record ReadBack(String topic, int partition, Long offset) {
    }

    public record ApplyView(PlanView plan, List<ReadBack> readBack, List<String> mismatches, boolean matchesPlan,
            long auditId) {

        static ApplyView of(OffsetResetResult result) {
            return new ApplyView(PlanView.of(result.plan()), result.readBack().entrySet().stream()
                    .map(e -> new ReadBack(e.getKey().topic(), e.getKey().partition(), e.getValue())).toList(),
                    result.mismatches(), result.matchesPlan(), result.auditId());
        }
    }

    @POST
    @Path("plan")
    @Operation(summary = "Plan an offset reset (a dry run: changes nothing, audited as a preview)")
    public PlanView plan(@PathParam("source") String source, @PathParam("group") String group, ResetBody body,
            @Context HttpServerRequest http) throws OperationException {
        return PlanView.of(resets.preview(request(source, group, body), ApiActors.of(identity, http)));
    }

    @POST
    @Path("apply")
    @Operation(summary = "Apply an offset reset: planned again now, refused (409) while the group has members or the"
            + " source is read-only, then committed and read back")
    public ApplyView apply(@PathParam("source") String source, @PathParam("group") String group, ResetBody body,
            @Context HttpServerRequest http) throws OperationException {
        return ApplyView.of(resets.apply(request(source, group, body), ApiActors.of(identity, http)));
    }

    private static OffsetResetRequest request(String source, String group, ResetBody body) {
        if (body == null || body.mode() == null) {
            throw new BadRequestException("the body needs a mode: one of " + OffsetResetMode.apiNames());
        }
        try {
            return new OffsetResetRequest(source, group, OffsetResetMode.ofApiName(body.mode()),
                    body.topics() == null ? Set.of() : Set.copyOf(body.topics()),
                    body.partitions() == null ? Set.of() : Set.copyOf(body.partitions()),
                    body.dateTime() == null ? null : Instant.parse(body.dateTime()),
                    body.duration() == null ? null : Durations.parse(body.duration()), body.shift(), body.offset(), body.csv(),
                    body.fromGroup());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("dateTime must be an ISO-8601 instant such as 2026-12-02T09:00:00Z, not '"
                    + body.dateTime() + "'");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
