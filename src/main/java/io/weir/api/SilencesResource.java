package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.weir.alerting.dispatch.Silence;
import io.weir.alerting.dispatch.Silences;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Silences: viewers read them, operators create and expire them. */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SilencesResource {

    private final Silences silences;
    private final SecurityIdentity identity;

    SilencesResource(Silences silences, SecurityIdentity identity) {
        this.silences = silences;
        this.identity = identity;
    }

    /** A silence as the API shows it; {@code state} is {@code pending}, {@code active} or {@code expired}. */
    public record SilenceState(String id, String matchers, Instant startsAt, Instant endsAt, String state,
            String createdBy, String comment, Instant createdAt) {
        static SilenceState of(Silence s) {
            return new SilenceState(s.id, s.matchers, s.startsAt, s.endsAt, s.state(Instant.now()).name().toLowerCase(),
                    s.createdBy, s.comment, s.createdAt);
        }
    }

    /**
     * A new silence: {@code matchers} in Prometheus syntax; {@code startsAt} defaults to now; the end
     * is {@code endsAt}, or {@code startsAt} plus {@code duration} (ISO-8601, e.g. {@code PT2H}).
     */
    public record SilenceRequest(String matchers, Instant startsAt, Instant endsAt, String duration, String comment) {
    }

    @GET
    @Operation(summary = "Every silence, newest first")
    public List<SilenceState> list() {
        return silences.list().stream().map(SilenceState::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One silence")
    public SilenceState get(@PathParam("id") String id) {
        return silences.find(id).map(SilenceState::of).orElseThrow(() -> notFound(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Create a silence (operator)")
    public Response create(SilenceRequest request) {
        if (request == null || request.matchers() == null || request.comment() == null || request.comment().isBlank()) {
            throw new BadRequestException("a silence needs 'matchers' and a 'comment'");
        }
        Instant start = request.startsAt() == null ? Instant.now() : request.startsAt();
        try {
            Instant end = request.endsAt() != null ? request.endsAt()
                    : start.plus(Duration.parse(request.duration() == null ? "" : request.duration()));
            Silence silence = silences.create(request.matchers(), start, end, identity.getPrincipal().getName(), request.comment());
            return Response.status(Response.Status.CREATED).entity(SilenceState.of(silence)).build();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("give 'endsAt' or a 'duration' such as PT2H");
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Expire a silence now (operator)")
    public SilenceState expire(@PathParam("id") String id) {
        return silences.expire(id).map(SilenceState::of).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no silence with id '" + id + "'");
    }
}
