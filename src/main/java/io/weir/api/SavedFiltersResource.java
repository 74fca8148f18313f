package io.weir.api;

import io.weir.operations.browse.MessageBrowsing;
import io.weir.operations.browse.SavedFilter;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The message browser's saved filters of a source, from {@code weir.sources.<name>.saved-filters.*}. */
@Path("/api/v1/sources/{source}/saved-filters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SavedFiltersResource {

    private final MessageBrowsing browsing;

    SavedFiltersResource(MessageBrowsing browsing) {
        this.browsing = browsing;
    }

    @GET
    @Operation(summary = "List a source's saved filters",
            description = "Each with the filter parameters it sets; pass its name as `saved` to .../messages.")
    @APIResponse(responseCode = "200", description = "The saved filters, by name")
    @APIResponse(responseCode = "404", description = "No such source")
    public List<SavedFilter> list(@PathParam("source") String source) {
        if (!browsing.knows(source)) {
            throw new NotFoundException("no source named '" + source + "' is configured");
        }
        return browsing.savedFilters(source);
    }
}
