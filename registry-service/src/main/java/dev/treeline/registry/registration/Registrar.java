package dev.treeline.registry.registration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.TuningCompleted;
import dev.treeline.registry.gate.GatePolicy;
import dev.treeline.registry.model.ApprovalAudit;
import dev.treeline.registry.model.JsonColumns;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.registry.model.StoredLineage;
import dev.treeline.support.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns a tuning result into the next version of its model package group. The group row is locked
 * for the rest of the transaction, so concurrent registrations of one group queue up and each takes
 * the next number; a rolled-back registration gives its number back.
 */
@ApplicationScoped
public class Registrar {

    /** Who the audit trail names for changes the registry makes by itself. */
    public static final String SYSTEM_USER = "registry";

    private static final Logger LOG = Logger.getLogger(Registrar.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final JsonColumns json;
    private final MeterRegistry meters;
    private final GatePolicy gate;

    public Registrar(EntityManager em, Outbox outbox, JsonColumns json, MeterRegistry meters, GatePolicy gate) {
        this.em = em;
        this.outbox = outbox;
        this.json = json;
        this.meters = meters;
        this.gate = gate;
    }

    /**
     * Registers the result as a new version pending manual approval and publishes ModelRegistered in
     * the same transaction (a configured gate may reject it right away); empty if this tuning job was
     * registered before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModelPackage> register(EventEnvelope<TuningCompleted> event) {
        TuningCompleted result = event.payload();
        ModelPackageGroup group = lockGroup(result.model());

        Optional<ModelPackage> existing = ModelPackage.find("groupName = ?1 and tuningJobName = ?2",
                group.name, result.tuningJobName()).firstResultOptional();
        if (existing.isPresent()) {
            LOG.infof("tuning job %s of %s is already version %d; event %s ignored", result.tuningJobName(),
                    group.name, existing.get().version, event.eventId());
            return Optional.empty();
        }

        group.latestVersion++;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ModelPackage version = newVersion(group, event, now);
        version.persist();
        ApprovalAudit.record(version, SYSTEM_USER, now, null, ApprovalStatus.PendingManualApproval,
                "registered from tuning job " + result.tuningJobName() + " (run " + result.runId() + ")", false);

        outbox.publish(EventEnvelope.of(result.runId(), new ModelRegistered(group.name, version.version,
                ApprovalStatus.PendingManualApproval, result.artifact(), result.testMetrics(), result.runId(),
                result.tuningJobName(), result.testing())));
        meters.counter("treeline.registry.registrations", "testing", Boolean.toString(result.testing())).increment();
        LOG.infof("registered %s version %d from tuning job %s", group.name, version.version, result.tuningJobName());
        gate.check(version); // may reject it at once; its ModelRejected follows ModelRegistered in the outbox
        return Optional.of(version);
    }

    /** Creates the group on first sight, then takes its row lock (SELECT ... FOR UPDATE). */
    private ModelPackageGroup lockGroup(String name) {
        em.createNativeQuery("insert into model_package_group (name, created_at, latest_version)"
                + " values (:name, now(), 0) on conflict (name) do nothing")
                .setParameter("name", name).executeUpdate();
        return em.find(ModelPackageGroup.class, name, LockModeType.PESSIMISTIC_WRITE);
    }

    private ModelPackage newVersion(ModelPackageGroup group, EventEnvelope<TuningCompleted> event, Instant now) {
        TuningCompleted result = event.payload();
        ArtifactRef artifact = result.artifact();
        ModelPackage version = new ModelPackage();
        version.groupName = group.name;
        version.version = group.latestVersion;
        version.approvalStatus = ApprovalStatus.PendingManualApproval;
        version.statusChangedAt = now;
        version.testing = result.testing();
        version.createdAt = now;
        version.runId = result.runId();
        version.tuningJobName = result.tuningJobName();
        version.registeredEventId = event.eventId();
        version.objective = result.objective();
        version.objectiveMetric = result.objectiveMetric();
        version.objectiveMetricValue = result.objectiveMetricValue();
        version.testMetricsJson = json.write(result.testMetrics());
        version.hyperparametersJson = json.write(result.bestHyperparameters());
        version.artifactBucket = artifact.bucket();
        version.artifactKey = artifact.key();
        version.artifactSha256 = artifact.sha256();
        version.artifactBytes = artifact.bytes();
        version.artifactFormat = artifact.format();
        version.artifactVersionId = artifact.versionId();
        version.xgboostVersion = result.xgboostVersion();
        version.lineageJson = json.write(new StoredLineage(result.lineage().layer(), result.lineage().featureNames(),
                result.lineage().window(), result.lineage().query(), result.lineage().queryParameters(),
                result.lineage().splits(), result.parentTuningJobs(),
                result.warmStartType(), result.strategy(), result.trialCount()));
        return version;
    }
}
