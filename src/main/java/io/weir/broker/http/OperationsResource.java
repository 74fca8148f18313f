package io.weir.broker.http;

import io.weir.broker.OffsetResetPlan;
import io.weir.broker.OffsetResetSpec;
import io.weir.broker.ReplayMode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' actions on a group: offset resets (preview, then apply) and dead-letter replay. */
@Path("/api/broker/v1/topics/{topic}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
@BrokerErrors
@Tag(name = "Built-in broker: operations")
@APIResponse(responseCode = "400", description = "Bad input")
@APIResponse(responseCode = "401", description = "Not signed in")
@APIResponse(responseCode = "403", description = "Changes need the role operator")
@APIResponse(responseCode = "404", description = "No such topic or group")
@APIResponse(responseCode = "503", description = "Storage failed (not durable) or the broker is not running")
public class OperationsResource {

    private final RunningBroker broker;

    OperationsResource(RunningBroker broker) {
        this.broker = broker;
    }

    /**
     * Where to move the group. {@code to}: {@code earliest}, {@code latest}, {@code timestamp}
     * (the first message at or after {@code timestamp}, ISO-8601), {@code offset} (exactly
     * {@code offset}) or {@code shift} (the current position plus {@code shift}, negative to
     * rewind). Targets are clamped to each partition's start and end. {@code partitions} limits
     * the reset to those; empty or left out means all.
     */
    public record OffsetResetRequest(String to, Instant timestamp, Long offset, Long shift, Set<Integer> partitions) {

        OffsetResetSpec spec() {
            if (partitions != null) {
                Required.noNulls(partitions, "partitions");
            }
            Set<Integer> only = partitions == null ? Set.of() : partitions;
            return switch (Required.field(to, "to")) {
                case "earliest" -> new OffsetResetSpec.Earliest(only);
                case "latest" -> new OffsetResetSpec.Latest(only);
                case "timestamp" -> new OffsetResetSpec.ToTimestamp(Required.field(timestamp, "timestamp"), only);
                case "offset" -> new OffsetResetSpec.ToOffset(Required.field(offset, "offset"), only);
                case "shift" -> new OffsetResetSpec.ShiftBy(Required.field(shift, "shift"), only);
                default -> throw new IllegalArgumentException(
                        "to must be one of [earliest, latest, timestamp, offset, shift]: " + to);
            };
        }
    }

    /** {@code mode}: {@code move} (each dead letter is replayed once) or {@code copy} (they stay to replay again). */
    public record ReplayRequest(String mode, Integer max) {
    }

    public record ReplayResponse(int replayed) {
    }

    @POST
    @Path("{group}/offsets/preview")
    @RolesAllowed("viewer")
    @Operation(summary = "Preview an offset reset: each partition's position now and after, changing nothing")
    public OffsetResetPlan preview(@PathParam("topic") String topic, @PathParam("group") String group,
            OffsetResetRequest request) {
        Required.body(request);
        return broker.get().planOffsetReset(topic, group, request.spec());
    }

    @POST
    @Path("{group}/offsets/reset")
    @Operation(summary = "Reset a group's offsets and answer the plan applied",
            description = "Only while the group has no consumers (they leave, or their session times out), so "
                    + "the positions cannot move between preview and reset. In shared mode everything from the "
                    + "new position on counts as never delivered.")
    @APIResponse(responseCode = "409", description = "The group has active consumers")
    public OffsetResetPlan reset(@PathParam("topic") String topic, @PathParam("group") String group,
            OffsetResetRequest request) {
        Required.body(request);
        return broker.get().resetOffsets(topic, group, request.spec());
    }

    @POST
    @Path("{group}/dead-letters/replay")
    @Operation(summary = "Republish up to max of the group's dead letters to the partitions they came from",
            description = "Every group of the topic sees them again. The weir.dlq.* headers are removed.")
    public ReplayResponse replay(@PathParam("topic") String topic, @PathParam("group") String group,
            ReplayRequest request) {
        Required.body(request);
        ReplayMode mode = EnumNames.parse(ReplayMode.class, "mode", Required.field(request.mode(), "mode"));
        int max = Required.field(request.max(), "max");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        return new ReplayResponse(broker.get().replayDeadLetters(topic, group, mode, max));
    }
}
