package io.weir.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.weir.advisor.Finding;
import io.weir.advisor.ReliabilityAdvisor;
import io.weir.advisor.Severity;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The reliability advisor: findings (viewers), their acknowledgement and its withdrawal (operators, audited). */
@Path("/api/v1/advisor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AdvisorResource {

    private final ReliabilityAdvisor advisor;
    private final SecurityIdentity identity;

    AdvisorResource(ReliabilityAdvisor advisor, SecurityIdentity identity) {
        this.advisor = advisor;
        this.identity = identity;
    }

    /** A finding as the API shows it; {@code acknowledgedBy}, {@code acknowledgedAt} and {@code acknowledgement} are null until acknowledged. */
    public record FindingJson(String source, String object, String objectType, String check, String severity,
            String title, String evidence, String why, String fix, String acknowledgedBy, Instant acknowledgedAt,
            String acknowledgement) {

        static FindingJson of(Finding f) {
            Finding.Acknowledgement ack = f.acknowledgement();
            return new FindingJson(f.source(), f.object(), f.objectType(), f.check(), f.severity().label(), f.title(),
                    f.evidence(), f.why(), f.fix(), ack == null ? null : ack.by(), ack == null ? null : ack.at(),
                    ack == null ? null : ack.reason());
        }
    }

    /** Accepts the finding {@code check} on {@code object} of {@code source}, with a reason. */
    public record AcknowledgementRequest(String source, String object, String check, String reason) {
    }

    @GET
    @Path("findings")
    @Operation(summary = "The latest findings of every source, worst first",
            description = "Filters: source, severity (critical, warning, info), acknowledged (true: only acknowledged"
                    + " ones, false: only the others; both when absent).")
    @APIResponse(responseCode = "200", description = "The findings, possibly none")
    @APIResponse(responseCode = "400", description = "An unknown severity")
    public List<FindingJson> findings(@QueryParam("source") String source, @QueryParam("severity") String severity,
            @QueryParam("acknowledged") Boolean acknowledged) {
        Severity wanted = severity == null ? null : severity(severity);
        return advisor.findings().stream()
                .filter(f -> source == null || f.source().equals(source))
                .filter(f -> wanted == null || f.severity() == wanted)
                .filter(f -> acknowledged == null || f.isAcknowledged() == acknowledged)
                .map(FindingJson::of).toList();
    }

    @POST
    @Path("acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Acknowledge a finding with a reason (operator, audited as advisor.acknowledge)",
            description = "The finding stays listed, marked as acknowledged, and no longer counts in"
                    + " weir_advisor_findings. Acknowledging again replaces the reason.")
    @APIResponse(responseCode = "200", description = "The finding, acknowledged")
    @APIResponse(responseCode = "400", description = "No reason, or no such current finding")
    @APIResponse(responseCode = "403", description = "The caller is not an operator")
    public FindingJson acknowledge(AcknowledgementRequest request, @Context HttpServerRequest http) {
        if (request == null || request.source() == null || request.object() == null || request.check() == null) {
            throw new BadRequestException("an acknowledgement needs 'source', 'object', 'check' and 'reason'");
        }
        try {
            return FindingJson.of(advisor.acknowledge(request.source(), request.object(), request.check(),
                    request.reason(), ApiActors.of(identity, http)));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @DELETE
    @Path("acknowledgements")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Withdraw the acknowledgement of a finding (operator, audited as advisor.withdraw)",
            description = "The finding counts again in weir_advisor_findings. Works for a finding that is no longer"
                    + " current too, whose acknowledgement would otherwise hide it when it comes back.")
    @APIResponse(responseCode = "200", description = "The finding, no longer acknowledged")
    @APIResponse(responseCode = "204", description = "Withdrawn; the finding is not current")
    @APIResponse(responseCode = "400", description = "'source', 'object' or 'check' missing")
    @APIResponse(responseCode = "403", description = "The caller is not an operator")
    @APIResponse(responseCode = "404", description = "The finding has no acknowledgement")
    public Response withdraw(@QueryParam("source") String source, @QueryParam("object") String object,
            @QueryParam("check") String check, @Context HttpServerRequest http) {
        if (source == null || object == null || check == null) {
            throw new BadRequestException("withdrawing needs the query parameters 'source', 'object' and 'check'");
        }
        try {
            return advisor.withdraw(source, object, check, ApiActors.of(identity, http))
                    .map(finding -> Response.ok(FindingJson.of(finding)).build())
                    .orElseGet(() -> Response.noContent().build());
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    private static Severity severity(String value) {
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown severity '" + value + "': use critical, warning or info");
        }
    }
}
