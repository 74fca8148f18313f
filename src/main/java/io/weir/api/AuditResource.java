package io.weir.api;

import io.weir.operations.OperationException;
import io.weir.operations.audit.AuditCsv;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditFilter;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditVerification;
import io.weir.operations.offsets.OffsetResetRequest;
import io.weir.operations.offsets.OffsetResets;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The operations audit log: entries newest first (JSON or CSV), the chain's verification, undo requests. */
@Path("/api/v1/audit")
@RolesAllowed(Roles.VIEWER)
public class AuditResource {

    private final AuditLog audit;
    private final OffsetResets resets;

    AuditResource(AuditLog audit, OffsetResets resets) {
        this.audit = audit;
        this.resets = resets;
    }

    public record EntryView(long id, Instant at, String actor, String channel, String clientAddress, String source,
            String object, String action, String parameters, String before, String after, String result, String message,
            long durationMillis, String jobId, String hash) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.id, e.at, e.actor, e.channel, e.clientAddress, e.source, e.object, e.action, e.parameters,
                    e.before, e.after, e.result, e.message, e.durationMillis, e.jobId, e.hash);
        }
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Audit entries, newest first; filters: source, action (a prefix), actor, object (a part of it),"
            + " from and until (ISO-8601); format=csv for a spreadsheet")
    public Response list(@QueryParam("source") String source, @QueryParam("action") String action,
            @QueryParam("actor") String actor, @QueryParam("object") String object, @QueryParam("from") String from,
            @QueryParam("until") String until, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("format") @DefaultValue("json") String format) {
        AuditFilter filter;
        try {
            filter = new AuditFilter(source, action, actor, object, instant("from", from), instant("until", until), offset,
                    limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        List<AuditEntry> entries = audit.find(filter);
        return switch (format) {
            case "json" -> Response.ok(entries.stream().map(EntryView::of).toList(), MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(AuditCsv.of(entries), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"weir-audit.csv\"").build();
            default -> throw new BadRequestException("format must be json or csv, not '" + format + "'");
        };
    }

    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-computes the hash chain: intact, or the first entry that was changed, removed or inserted")
    public AuditVerification verify() {
        return audit.verify();
    }

    @GET
    @Path("{id}/undo")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "For an applied offset reset: the from-file request that restores the offsets it replaced;"
            + " send it to .../offsets/plan, then .../offsets/apply")
    public OffsetsResource.ResetBody undo(@PathParam("id") long id) throws OperationException {
        OffsetResetRequest request = resets.undo(id);
        return new OffsetsResource.ResetBody(request.mode().apiName(), null, null, null, null, request.csv(), null, null,
                null);
    }

    private static Instant instant(String name, String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-12-02T09:00:00Z");
        }
    }
}
