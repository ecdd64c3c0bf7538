package dev.treeline.tuning.api;

import java.util.List;

import dev.treeline.events.ModelGroupName;
import dev.treeline.support.security.Roles;
import dev.treeline.tuning.api.TuningJobViews.EvaluationView;
import dev.treeline.tuning.job.ModelEvaluation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A model's evaluation history: test-split metrics of each completed job's best model, newest first. */
@RolesAllowed(Roles.VIEWER)
@Path("/evaluations")
public class EvaluationResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public List<EvaluationView> list(@QueryParam("model") @NotNull @ModelGroupName String model) {
        return ModelEvaluation.<ModelEvaluation>list("model = ?1 order by createdAt desc", model).stream()
                .map(e -> new EvaluationView(e.jobName, e.model, e.runId, e.objective, e.testRows,
                        e.metrics, e.createdAt))
                .toList();
    }
}
