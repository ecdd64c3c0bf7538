package dev.treeline.tuning.api;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.treeline.events.ModelGroupName;
import dev.treeline.support.security.Roles;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.tuning.api.TuningJobViews.Artifact;
import dev.treeline.tuning.api.TuningJobViews.BestSoFar;
import dev.treeline.tuning.api.TuningJobViews.JobDetail;
import dev.treeline.tuning.api.TuningJobViews.JobSummary;
import dev.treeline.tuning.api.TuningJobViews.Progress;
import dev.treeline.tuning.api.TuningJobViews.RanWith;
import dev.treeline.tuning.api.TuningJobViews.TrialView;
import dev.treeline.tuning.job.ModelEvaluation;
import dev.treeline.tuning.job.TuningJob;
import dev.treeline.tuning.job.TuningTrial;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Tuning history, one job's progress and trials. */
@RolesAllowed(Roles.VIEWER)
@Path("/tuning-jobs")
public class TuningJobResource {

    public static final String CSV_HEADER =
            "datetime,tuningjob,metric,layer,objective,eval_metric,eval_metric_value,trainingjobcount";

    /**
     * All jobs of a model (or of every model), newest first. {@code format=csv} gives the old hand-kept CSV's
     * columns for COMPLETED jobs only (the rows warm start could use), so existing reports keep working.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Transactional
    public Response list(@QueryParam("model") @ModelGroupName String model, @QueryParam("format") String format) {
        String f = format == null ? "json" : format.toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            throw new InvalidRequestException("format must be json or csv, got '" + format + "'");
        }
        List<TuningJob> jobs = model == null ? TuningJob.list("order by createdAt desc, name desc")
                : TuningJob.list("model = ?1 order by createdAt desc, name desc", model);
        if (f.equals("json")) {
            return Response.ok(jobs.stream().map(TuningJobResource::summary).toList(), MediaType.APPLICATION_JSON)
                    .build();
        }
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (TuningJob j : jobs) {
            if (j.status != TuningJob.Status.COMPLETED) {
                continue;
            }
            csv.append(DateTimeFormatter.ISO_INSTANT.format(j.createdAt)).append(',')
                    .append(cell(j.name)).append(',').append(cell(j.model)).append(',').append(cell(j.layer))
                    .append(',').append(cell(j.objective)).append(',').append(cell(evalMetricName(j))).append(',')
                    .append(j.evalMetricValue == null ? "" : Double.toString(j.evalMetricValue)).append(',')
                    .append(j.trainingJobCount).append('\n');
        }
        return Response.ok(csv.toString(), "text/csv").header("Content-Disposition",
                "attachment; filename=\"tuning-jobs" + (model == null ? "" : "-" + model) + ".csv\"").build();
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public JobDetail get(@PathParam("name") String name) {
        TuningJob j = TuningJob.<TuningJob>findByIdOptional(name).orElseThrow(() -> new UnknownTuningJobException(name));
        List<TuningTrial> trials = TuningTrial.list("jobName = ?1 order by trialIndex", name);
        int succeeded = (int) trials.stream().filter(t -> t.status == TuningTrial.Status.SUCCEEDED).count();
        // the best trial may be a parent's (kept on identical data): it is looked up in the job that ran it
        Optional<TuningTrial> best = j.bestTrialIndex == null ? Optional.empty()
                : Optional.ofNullable(TuningTrial.findById(new TuningTrial.Key(
                        j.bestTrialJob == null ? name : j.bestTrialJob, j.bestTrialIndex)));
        Map<String, Double> testMetrics = Optional.ofNullable(ModelEvaluation.<ModelEvaluation>findById(name))
                .map(e -> e.metrics).orElse(null);
        return new JobDetail(summary(j), new Progress(trials.size(), j.maxJobs, succeeded, trials.size() - succeeded),
                best.map(t -> new BestSoFar(t.jobName, j.bestFromParent(), t.trialIndex, t.objective,
                        t.bestIteration, t.parameters)).orElse(null),
                j.failureReason, j.startedAt, j.finishedAt, j.bestHyperparameters, testMetrics,
                j.artifact == null || j.artifact.key == null ? null : new Artifact(j.artifact.key, j.artifact.sha256,
                        j.artifact.bytes, j.descriptorKey),
                new RanWith(j.objectiveMetric, j.definitionRevision, j.tuning),
                trials.stream().map(t -> new TrialView(t.trialIndex, t.origin.name(), t.status.name(), t.parameters,
                        t.objective, t.bestIteration, t.rounds, t.durationMs, t.failureReason, t.finishedAt)).toList());
    }

    static JobSummary summary(TuningJob j) {
        return new JobSummary(j.name, j.createdAt, j.model, j.layer, j.objective, evalMetricName(j),
                j.evalMetricValue, j.trainingJobCount, j.maxJobs, j.strategy.name(), j.warmStartType.name(),
                j.parents, j.datasetHash, j.seed, j.testing, j.status.name(), j.runId);
    }

    /** XGBoost's name (rmse, logloss), as the old CSV had it; "none" for a job failed for its objective or metric. */
    static String evalMetricName(TuningJob j) {
        return j.evalMetric == null ? "none" : j.evalMetric.reportedName(j.objectiveMetric);
    }

    /** RFC 4180 quoting, only when needed. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
