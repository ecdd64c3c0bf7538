package dev.treeline.dataprep.kickoff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.treeline.events.RetrainReason;
import dev.treeline.support.security.Roles;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Why events did or did not start runs: drift decisions and skipped retrain requests, newest first. */
@Path("/")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class KickoffResource {

    public record DriftDecisionView(UUID id, UUID eventId, String model, String metric, double value,
            Double alertThreshold, Double specThreshold, String feature, String source, DriftDecision.Outcome decision,
            String why, UUID runId, Instant decidedAt) {

        static DriftDecisionView of(DriftDecision d) {
            return new DriftDecisionView(d.id, d.eventId, d.model, d.metric, d.value, d.alertThreshold,
                    d.specThreshold, d.feature, d.source, d.decision, d.why, d.runId, d.decidedAt);
        }
    }

    public record SkippedRequestView(UUID id, UUID eventId, String model, RetrainReason reason, String requestedBy,
            UUID activeRunId, String why, Instant skippedAt) {
    }

    @GET
    @Path("drift-decisions")
    @Transactional
    public List<DriftDecisionView> driftDecisions(@QueryParam("model") String model,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        Sort newest = Sort.descending("decidedAt");
        PanacheQuery<DriftDecision> query = model == null || model.isBlank() ? DriftDecision.findAll(newest)
                : DriftDecision.find("model", newest, model);
        return query.page(Page.ofSize(limit)).list().stream().map(DriftDecisionView::of).toList();
    }

    @GET
    @Path("skipped-requests")
    @Transactional
    public List<SkippedRequestView> skippedRequests(@QueryParam("model") String model,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        Sort newest = Sort.descending("skippedAt");
        PanacheQuery<SkippedRequest> query = model == null || model.isBlank() ? SkippedRequest.findAll(newest)
                : SkippedRequest.find("model", newest, model);
        return query.page(Page.ofSize(limit)).list().stream().map(s -> new SkippedRequestView(s.id, s.eventId, s.model,
                s.reason, s.requestedBy, s.activeRunId, s.why, s.skippedAt)).toList();
    }
}
