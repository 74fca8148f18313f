package io.weir.api;

import io.weir.alerting.Alert;
import io.weir.alerting.rules.RuleEngine;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The alerts of Weir's rules as they stand: firing, then pending, then recently resolved. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AlertsResource {

    private final RuleEngine rules;

    AlertsResource(RuleEngine rules) {
        this.rules = rules;
    }

    @GET
    @Operation(summary = "Every pending, firing or recently resolved alert, with labels, annotations, value and times")
    public List<Alert> list() {
        return rules.alerts();
    }
}
