package dev.treeline.registry.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.EventType;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.events.definition.ServingSection;
import dev.treeline.registry.deployment.DeploymentRecord;
import dev.treeline.registry.deployment.LiveDeployment;
import dev.treeline.registry.model.ApprovalAudit;
import dev.treeline.registry.model.ModelPackageGroup;

/** What the REST API returns. */
public final class Views {

    private Views() {
    }

    /**
     * A model package group: its versions (latest, latest approved, how many pending) and what its definition says
     * (description, owner, tags, retired, serving, the revision and when data-prep applied it; null, empty or
     * false for a group that was never defined).
     */
    public record GroupView(String name, Instant createdAt, int latestVersion, Integer latestApprovedVersion,
                            long pendingVersions, String description, String owner, List<String> tags,
                            boolean retired, Integer definitionRevision, Instant definedAt, ServingSection serving) {
        public static GroupView of(ModelPackageGroup g, Integer latestApproved, long pending) {
            return new GroupView(g.name, g.createdAt, g.latestVersion, latestApproved, pending, g.description, g.owner,
                    List.copyOf(g.tags), g.retired, g.definitionRevision, g.definedAt, g.serving);
        }
    }

    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    }

    public record VersionSummary(String modelGroup, int version, ApprovalStatus approvalStatus, Instant statusChangedAt,
                                 boolean testing, Instant registeredAt, String tuningJobName, String objectiveMetric,
                                 double objectiveMetricValue, Map<String, Double> testMetrics) {
    }

    public record VersionView(String modelGroup, int version, ApprovalStatus approvalStatus, Instant statusChangedAt,
                              boolean testing, Instant registeredAt, String runId, String tuningJobName,
                              String objective, String objectiveMetric, double objectiveMetricValue,
                              Map<String, Double> testMetrics, Map<String, Object> hyperparameters,
                              ArtifactRef artifact, Integer artifactSameAsVersion, String xgboostVersion,
                              List<Live> liveIn) {
    }

    /** Where a version is served now. */
    public record Live(String account, String endpoint, int version, Instant since, DeploymentAction action,
                       String reason,
                       String artifactSha256) {
        public static Live of(LiveDeployment d) {
            return new Live(d.account, d.endpoint, d.version, d.since, d.action, d.reason, d.artifactSha256);
        }
    }

    public record AuditEntry(String changedBy, Instant changedAt, ApprovalStatus fromStatus, ApprovalStatus toStatus,
                             String reason, boolean testingOverride) {
        public static AuditEntry of(ApprovalAudit a) {
            return new AuditEntry(a.changedBy, a.changedAt, a.fromStatus, a.toStatus, a.reason, a.testingOverride);
        }
    }

    /** From a served model back to the SQL and data files that produced it. */
    public record LineageView(String modelGroup, int version, String runId, String layer, String objective,
                              List<String> featureNames, DateWindow window, String query,
                              Map<String, Object> queryParameters, DatasetSplits datasets, String tuningJobName,
                              List<Parent> parents, WarmStartType warmStartType, TuningStrategy strategy,
                              int trialCount, String xgboostVersion, ArtifactRef artifact,
                              Integer artifactSameAsVersion) {
    }

    /** A tuning job this version warm-started from, and the version it produced here if any. */
    public record Parent(String tuningJobName, Integer version) {
    }

    public record EvaluationRow(Instant datetime, int version, ApprovalStatus approvalStatus, boolean testing,
                                String tuningJobName, String objective, String tuningMetric, double tuningMetricValue,
                                Map<String, Double> testMetrics) {
    }

    public record DeploymentsView(String modelGroup, List<Live> live, List<DeploymentEventView> history) {
    }

    public record DeploymentEventView(EventType type, String account, String endpoint, int version, Instant at,
                                      DeploymentAction action, String reason) {
        public static DeploymentEventView of(DeploymentRecord r) {
            return new DeploymentEventView(r.eventType, r.account, r.endpoint, r.version, r.at, r.action, r.reason);
        }
    }
}
