package io.weir.api;

import io.weir.core.SourceSnapshot;
import io.weir.monitor.SourceMonitor;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The state of every configured source, as the monitor last saw it. Never contacts a broker. */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SourcesResource {

    private final SourceMonitor monitor;

    SourcesResource(SourceMonitor monitor) {
        this.monitor = monitor;
    }

    /**
     * One source's state. {@code state} is {@code up}, {@code down} or {@code waiting} (no poll
     * finished yet); the broker's figures are {@code null} unless it is up.
     */
    public record SourceState(String name, String kind, String address, String state, Instant lastPoll,
            Long pollMillis, String clusterId, String version, Integer nodes, Integer nodesUp, String error) {

        static SourceState of(String name, SourceMonitor monitor) {
            return monitor.latest(name).map(SourceState::of)
                    .orElseGet(() -> new SourceState(name, null, null, "waiting", null, null, null, null, null, null, null));
        }

        static SourceState of(SourceSnapshot s) {
            var health = s.isUp() ? s.broker().health() : null;
            return new SourceState(s.source(), s.kind().configName(), s.address(), s.isUp() ? "up" : "down",
                    s.takenAt(), s.pollDuration().toMillis(),
                    health == null ? null : health.clusterId(),
                    health == null ? null : health.version(),
                    health == null ? null : health.nodes().size(),
                    health == null ? null : health.nodesUp(),
                    s.error());
        }
    }

    @GET
    @Operation(summary = "Every configured source with its latest poll result")
    public List<SourceState> list() {
        return monitor.sourceNames().stream().map(name -> SourceState.of(name, monitor)).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One source's latest poll result")
    public SourceState get(@PathParam("name") String name) {
        if (!monitor.sourceNames().contains(name)) {
            throw new NotFoundException("no source named '" + name + "' is configured");
        }
        return SourceState.of(name, monitor);
    }
}
