package dev.treeline.dataprep.timeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.treeline.dataprep.run.RetrainRun;
import dev.treeline.dataprep.run.RunService;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.events.RunFailed;
import dev.treeline.events.TuningCompleted;

/**
 * Turns later stages' events into timeline entries of the run they name (the envelope's correlation id is the
 * run id). Events of runs this service does not know, and this service's own RunFailed, are not recorded.
 */
@ApplicationScoped
public class RunStageRecorder {

    private record Entry(String stage, String summary, Map<String, Object> details) {
    }

    /** Returns whether the event became a timeline entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(EventEnvelope<?> event) {
        UUID runId = runId(event.correlationId());
        if (runId == null || RetrainRun.findById(runId) == null) {
            return false;
        }
        Entry entry = describe(event.payload());
        if (entry == null) {
            return false;
        }
        RunStageEvent row = new RunStageEvent();
        row.eventId = event.eventId();
        row.runId = runId;
        row.eventType = event.type();
        row.stage = entry.stage();
        row.occurredAt = event.occurredAt();
        row.summary = entry.summary();
        row.details = entry.details();
        row.persist();
        return true;
    }

    private static Entry describe(Object payload) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (payload instanceof TuningCompleted t) {
            d.put("tuningJobName", t.tuningJobName());
            d.put("parentTuningJobs", t.parentTuningJobs());
            d.put("warmStartType", t.warmStartType());
            d.put("strategy", t.strategy());
            d.put("trialCount", t.trialCount());
            d.put("objectiveMetric", t.objectiveMetric());
            d.put("objectiveMetricValue", t.objectiveMetricValue());
            d.put("testMetrics", t.testMetrics());
            d.put("artifact", t.artifact());
            String parents = t.parentTuningJobs().isEmpty() ? "cold start"
                    : "warm start (" + t.warmStartType() + ") from " + t.parentTuningJobs();
            return new Entry("tuning", "tuning job " + t.tuningJobName() + " completed: " + t.trialCount() + " trials, "
                    + t.objectiveMetric() + " = " + t.objectiveMetricValue() + ", " + parents, d);
        }
        if (payload instanceof ModelRegistered r) {
            d.put("version", r.version());
            d.put("approvalStatus", r.approvalStatus());
            d.put("tuningJobName", r.tuningJobName());
            d.put("evaluationMetrics", r.evaluationMetrics());
            return new Entry("registry", "registered as " + r.modelGroup() + " version " + r.version() + " ("
                    + r.approvalStatus() + ")", d);
        }
        if (payload instanceof ModelApproved a) {
            d.put("version", a.version());
            d.put("by", a.by());
            d.put("reason", a.reason());
            d.put("at", a.at());
            return new Entry("registry", "version " + a.version() + " approved by " + a.by() + ": " + a.reason(), d);
        }
        if (payload instanceof ModelRejected r) {
            d.put("version", r.version());
            d.put("by", r.by());
            d.put("reason", r.reason());
            d.put("at", r.at());
            return new Entry("registry", "version " + r.version() + " rejected by " + r.by() + ": " + r.reason(), d);
        }
        if (payload instanceof ModelDeployed m) {
            d.put("account", m.account());
            d.put("endpoint", m.endpoint());
            d.put("version", m.version());
            d.put("action", m.action());
            d.put("reason", m.reason());
            d.put("at", m.at());
            return new Entry("deployment", "version " + m.version() + " deployed to " + m.account() + " (endpoint "
                    + m.endpoint() + ", " + m.action() + ") at " + m.at(), d);
        }
        if (payload instanceof DeploymentFailed f) {
            d.put("account", f.account());
            d.put("endpoint", f.endpoint());
            d.put("version", f.version());
            d.put("reason", f.reason());
            d.put("at", f.at());
            return new Entry("deployment", "version " + f.version() + " failed to deploy to " + f.account() + ": "
                    + f.reason(), d);
        }
        if (payload instanceof ModelUndeployed u) {
            d.put("account", u.account());
            d.put("endpoint", u.endpoint());
            d.put("version", u.version());
            d.put("reason", u.reason());
            d.put("at", u.at());
            return new Entry("deployment", "version " + u.version() + " undeployed from " + u.account() + ": "
                    + u.reason(), d);
        }
        if (payload instanceof RunFailed f && !RunService.STAGE.equals(f.stage())) {
            d.put("stage", f.stage());
            d.put("reason", f.reason());
            return new Entry(f.stage(), "failed at " + f.stage() + ": " + f.reason(), d);
        }
        return null;
    }

    private static UUID runId(String correlationId) {
        try {
            return UUID.fromString(correlationId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
