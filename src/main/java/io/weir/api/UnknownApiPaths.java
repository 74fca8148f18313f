package io.weir.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Any path under {@code /api/} that no resource serves, including what {@code ..} segments
 * normalise to, answers a JSON 404. Without this, the request would fall through to the console's
 * pages and answer 200 with HTML. Literal resource paths always win over this pattern.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class UnknownApiPaths {

    @Context
    UriInfo uri;

    @Context
    Request request;

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void get() {
        throw notFound();
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void post() {
        throw notFound();
    }

    @PUT
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void put() {
        throw notFound();
    }

    @PATCH
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void patch() {
        throw notFound();
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void delete() {
        throw notFound();
    }

    private NotFoundException notFound() {
        return new NotFoundException("no API at " + request.getMethod() + " " + uri.getPath());
    }
}
