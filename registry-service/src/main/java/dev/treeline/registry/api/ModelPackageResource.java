package dev.treeline.registry.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.registry.approval.StatusChanges;
import dev.treeline.registry.approval.UnknownModelGroupException;
import dev.treeline.registry.deployment.DeploymentRecord;
import dev.treeline.registry.deployment.LiveDeployment;
import dev.treeline.registry.model.ApprovalAudit;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.registry.model.ModelPackageId;
import dev.treeline.registry.model.StoredLineage;
import dev.treeline.support.security.Roles;
import dev.treeline.support.errors.InvalidRequestException;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Model package groups and versions (SageMaker's ListModelPackageGroups, ListModelPackages,
 * DescribeModelPackage and UpdateModelPackage), with audit, lineage, evaluation history and where
 * each version is deployed.
 */
@Path("/groups")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model packages")
public class ModelPackageResource {

    /** An approval decision. */
    public record StatusChange(
            @NotNull ApprovalStatus approvalStatus,
            @NotBlank @Size(max = 2000) String reason,
            /** Needed to approve a version registered in testing mode; recorded in the audit trail. */
            boolean overrideTesting) {
    }

    /** Per group: the highest approved version (null if none) and how many versions await a decision. */
    public record GroupStats(String group, Integer latestApproved, Long pending) {
    }

    private final StatusChanges statusChanges;
    private final SecurityIdentity caller;

    public ModelPackageResource(StatusChanges statusChanges, SecurityIdentity caller) {
        this.statusChanges = statusChanges;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List model package groups: defined models (before their first version too) and groups"
            + " with versions, with their definition's description, owner, tags and retired flag")
    @Transactional
    public List<Views.GroupView> groups() {
        Map<String, GroupStats> stats = stats(null).stream()
                .collect(Collectors.toMap(GroupStats::group, Function.identity()));
        return ModelPackageGroup.<ModelPackageGroup>listAll(Sort.by("name")).stream()
                .map(g -> view(g, stats.get(g.name))).toList();
    }

    @GET
    @Path("/{group}")
    @Operation(summary = "Describe one group: versions, and its definition's description, owner, tags, retired flag,"
            + " revision and serving section")
    @Transactional
    public Views.GroupView group(@PathParam("group") String group) {
        requireGroupName(group);
        ModelPackageGroup g = ModelPackageGroup.findById(group);
        if (g == null) {
            throw new UnknownModelGroupException(group);
        }
        return view(g, stats(group).stream().findFirst().orElse(null));
    }

    /** Approved and pending counts per group, of one group when {@code group} is given. */
    private static List<GroupStats> stats(String group) {
        var query = ModelPackage.getEntityManager().createQuery(
                        "select p.groupName, max(case when p.approvalStatus = :approved then p.version end),"
                                + " sum(case when p.approvalStatus = :pending then 1L else 0L end)"
                                + " from ModelPackage p" + (group == null ? "" : " where p.groupName = :group")
                                + " group by p.groupName", GroupStats.class)
                .setParameter("approved", ApprovalStatus.Approved)
                .setParameter("pending", ApprovalStatus.PendingManualApproval);
        return (group == null ? query : query.setParameter("group", group)).getResultList();
    }

    private static Views.GroupView view(ModelPackageGroup g, GroupStats s) {
        return Views.GroupView.of(g, s == null ? null : s.latestApproved(), s == null ? 0 : s.pending());
    }

    @GET
    @Path("/{group}/versions")
    @Operation(summary = "List a group's versions, newest first, optionally only those with one status")
    @Transactional
    public Views.Page<Views.VersionSummary> versions(@PathParam("group") String group,
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        requireGroup(group);
        var query = status == null || status.isBlank()
                ? ModelPackage.<ModelPackage>find("groupName = ?1", Sort.descending("version"), group)
                : ModelPackage.<ModelPackage>find("groupName = ?1 and approvalStatus = ?2", Sort.descending("version"),
                        group, parseStatus(status));
        long total = query.count();
        List<Views.VersionSummary> items = query.page(page, size).list().stream().map(this::summary).toList();
        return new Views.Page<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    @GET
    @Path("/{group}/versions/{version}")
    @Operation(summary = "Describe one version: evaluation, hyperparameters, artifact, status and where it is live")
    @Transactional
    public Views.VersionView describe(@PathParam("group") String group, @PathParam("version") int version) {
        return view(find(group, version));
    }

    @PATCH
    @Path("/{group}/versions/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.APPROVER)
    @Operation(summary = "Approve or reject a version, with a reason (UpdateModelPackage)")
    public Views.VersionView update(@PathParam("group") String group, @PathParam("version") int version,
                                    @Valid @NotNull StatusChange change) {
        return changeStatus(group, version, change);
    }

    @PUT
    @Path("/{group}/versions/{version}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.APPROVER)
    @Operation(summary = "Approve or reject a version, with a reason (same as PATCH on the version)")
    public Views.VersionView putStatus(@PathParam("group") String group, @PathParam("version") int version,
                                       @Valid @NotNull StatusChange change) {
        return changeStatus(group, version, change);
    }

    @GET
    @Path("/{group}/versions/{version}/audit")
    @Operation(summary = "Every status change of a version: who, when, from, to, why")
    @Transactional
    public List<Views.AuditEntry> audit(@PathParam("group") String group, @PathParam("version") int version) {
        find(group, version);
        return ApprovalAudit.<ApprovalAudit>list("groupName = ?1 and version = ?2", Sort.ascending("id"), group, version)
                .stream().map(Views.AuditEntry::of).toList();
    }

    @GET
    @Path("/{group}/versions/{version}/lineage")
    @Operation(summary = "Where a version came from: run, query, window, dataset objects and hashes, tuning job and parents")
    @Transactional
    public Views.LineageView lineage(@PathParam("group") String group, @PathParam("version") int version) {
        ModelPackage p = find(group, version);
        StoredLineage l = p.lineage;
        List<Views.Parent> parents = l.parentTuningJobs().stream().map(job -> new Views.Parent(job,
                ModelPackage.byTuningJob(group, job).map(v -> v.version).orElse(null))).toList();
        return new Views.LineageView(p.groupName, p.version, p.runId, l.layer(), p.objective, l.featureNames(),
                l.window(), l.query(), l.queryParameters(), l.datasets(), p.tuningJobName, parents,
                l.warmStartType(), l.strategy(), l.trialCount(), p.xgboostVersion, p.artifact.toRef(),
                p.sameArtifactAsVersion);
    }

    @GET
    @Path("/{group}/evaluations")
    @Operation(summary = "Evaluation history of a group, oldest version first")
    @Transactional
    public List<Views.EvaluationRow> evaluations(@PathParam("group") String group) {
        requireGroup(group);
        return ModelPackage.<ModelPackage>list("groupName = ?1", Sort.ascending("version"), group).stream()
                .map(p -> new Views.EvaluationRow(p.createdAt, p.version, p.approvalStatus, p.testing,
                        p.tuningJobName, p.objective, p.objectiveMetric, p.objectiveMetricValue, p.testMetrics))
                .toList();
    }

    @GET
    @Path("/{group}/evaluations.csv")
    @Produces("text/csv")
    @Operation(summary = "Evaluation history of a group as CSV, one column per test metric")
    @Transactional
    public String evaluationsCsv(@PathParam("group") String group) {
        return EvaluationCsv.write(evaluations(group));
    }

    @GET
    @Path("/{group}/deployments")
    @Operation(summary = "Which version each account serves now, since when, and the deployment events received")
    @Transactional
    public Views.DeploymentsView deployments(@PathParam("group") String group) {
        requireGroup(group);
        List<Views.Live> live = LiveDeployment.ofGroup(group).stream().map(Views.Live::of).toList();
        List<Views.DeploymentEventView> history = DeploymentRecord.<DeploymentRecord>find("groupName = ?1",
                        Sort.descending("at").and("id", Sort.Direction.Descending), group)
                .page(0, 100).list().stream().map(Views.DeploymentEventView::of).toList();
        return new Views.DeploymentsView(group, live, history);
    }

    private Views.VersionView changeStatus(String group, int version, StatusChange change) {
        requireGroupName(group);
        ModelPackage changed = statusChanges.change(group, version, change.approvalStatus(), change.reason().strip(),
                change.overrideTesting(), caller.getPrincipal().getName());
        return describe(group, changed.version);
    }

    private Views.VersionSummary summary(ModelPackage p) {
        return new Views.VersionSummary(p.groupName, p.version, p.approvalStatus, p.statusChangedAt, p.testing,
                p.createdAt, p.tuningJobName, p.objectiveMetric, p.objectiveMetricValue, p.testMetrics);
    }

    private Views.VersionView view(ModelPackage p) {
        List<Views.Live> live = LiveDeployment.ofVersion(p.groupName, p.version).stream().map(Views.Live::of).toList();
        return new Views.VersionView(p.groupName, p.version, p.approvalStatus, p.statusChangedAt, p.testing,
                p.createdAt, p.runId, p.tuningJobName, p.objective, p.objectiveMetric, p.objectiveMetricValue,
                p.testMetrics, p.hyperparameters, p.artifact.toRef(), p.sameArtifactAsVersion, p.xgboostVersion,
                live);
    }

    private static ModelPackage find(String group, int version) {
        requireGroupName(group);
        ModelPackage p = ModelPackage.findById(new ModelPackageId(group, version));
        if (p == null) {
            throw StatusChanges.notFound(group, version);
        }
        return p;
    }

    private static void requireGroup(String group) {
        requireGroupName(group);
        if (ModelPackageGroup.findById(group) == null) {
            throw new UnknownModelGroupException(group);
        }
    }

    /** A malformed name is a bad request (400), not an unknown group. */
    private static void requireGroupName(String group) {
        InvalidModelGroupNameException.requireValid(group);
    }

    private static ApprovalStatus parseStatus(String status) {
        return Arrays.stream(ApprovalStatus.values()).filter(s -> s.name().equalsIgnoreCase(status)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("status '" + status + "' is not one of "
                        + Arrays.stream(ApprovalStatus.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
