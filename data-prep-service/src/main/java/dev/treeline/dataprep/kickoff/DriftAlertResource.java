package dev.treeline.dataprep.kickoff;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.treeline.dataprep.kickoff.KickoffResource.DriftDecisionView;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.ModelGroupName;
import dev.treeline.support.errors.ConflictException;
import dev.treeline.support.security.Roles;

/**
 * A drift alert over HTTP, for monitors that do not write to Kafka: decided and recorded exactly as a
 * {@code DriftDetected} event is ({@link DriftAlerts}). A run it starts is requested by the caller (the token's user).
 */
@Path("/drift-alerts")
@Produces(MediaType.APPLICATION_JSON)
public class DriftAlertResource {

    /**
     * The {@code DriftDetected} payload, plus an optional event id.
     *
     * @param eventId a client's id for the alert: the alert is decided once per id (shared with Kafka's event ids);
     *                absent, each request is a new alert
     */
    public record DriftAlert(UUID eventId, @NotNull @ModelGroupName String model, @NotBlank String metric,
            @NotNull Double value, Double threshold, String feature, @NotBlank String source) {

        DriftDetected toEvent() {
            return new DriftDetected(model, metric, value, threshold, feature, source);
        }
    }

    private final DriftAlerts alerts;

    public DriftAlertResource(DriftAlerts alerts) {
        this.alerts = alerts;
    }

    /**
     * 202 with the decision (STARTED with the run id and the run's Location, or IGNORED with why); an event id
     * decided before answers 200 with that decision and changes nothing (409 if another kind of event used it).
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response alert(@Valid @NotNull DriftAlert alert, @Context SecurityContext caller) {
        UUID eventId = alert.eventId() == null ? UUID.randomUUID() : alert.eventId();
        Optional<DriftDecision> decided = alerts.decideOnce(eventId, alert.toEvent(),
                caller.getUserPrincipal().getName());
        if (decided.isEmpty()) {
            DriftDecision earlier = alerts.decisionOf(eventId).orElseThrow(() -> new ConflictException(
                    "event id " + eventId + " was used by another event that is not a drift alert"));
            return Response.ok(DriftDecisionView.of(earlier)).build();
        }
        DriftDecision decision = decided.get();
        Response.ResponseBuilder accepted = Response.accepted(DriftDecisionView.of(decision));
        if (decision.runId != null) {
            accepted.location(URI.create("runs/" + decision.runId));
        }
        return accepted.build();
    }
}
