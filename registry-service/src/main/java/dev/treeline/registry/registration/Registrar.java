package dev.treeline.registry.registration;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.TuningCompleted;
import dev.treeline.registry.gate.GatePolicy;
import dev.treeline.registry.model.ApprovalAudit;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.registry.model.StoredLineage;
import dev.treeline.support.outbox.Outbox;
import dev.treeline.support.persistence.ArtifactColumns;
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

    private final Outbox outbox;
    private final MeterRegistry meters;
    private final GatePolicy gate;
    private final Clock clock;

    public Registrar(Outbox outbox, MeterRegistry meters, GatePolicy gate, Clock clock) {
        this.outbox = outbox;
        this.meters = meters;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * Registers the result as a new version pending manual approval and publishes ModelRegistered in
     * the same transaction (a configured gate may reject it right away); empty if this tuning job was
     * registered before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModelPackage> register(EventEnvelope<TuningCompleted> event) {
        TuningCompleted result = event.payload();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        ModelPackageGroup group = ModelPackageGroup.createIfAbsentAndLock(result.model(), now);

        Optional<ModelPackage> existing = ModelPackage.byTuningJob(group.name, result.tuningJobName());
        if (existing.isPresent()) {
            LOG.infof("tuning job %s of %s is already version %d; event %s ignored", result.tuningJobName(),
                    group.name, existing.get().version, event.eventId());
            return Optional.empty();
        }

        group.latestVersion++;
        ModelPackage version = newVersion(group, event, now);
        // Under the group lock no other version of the group appears meanwhile.
        version.sameArtifactAsVersion = ModelPackage.earliestWithArtifact(group.name, version.artifact.sha256)
                .orElse(null);
        version.persist();
        ApprovalAudit.record(version, SYSTEM_USER, now, null, ApprovalStatus.PendingManualApproval,
                "registered from tuning job " + result.tuningJobName() + " (run " + result.runId() + ")", false);

        outbox.publish(EventEnvelope.of(result.runId(), new ModelRegistered(group.name, version.version,
                ApprovalStatus.PendingManualApproval, result.artifact(), result.testMetrics(), result.runId(),
                result.tuningJobName(), result.testing())));
        meters.counter("treeline.registry.registrations", "testing", Boolean.toString(result.testing())).increment();
        LOG.infof("registered %s version %d from tuning job %s%s", group.name, version.version, result.tuningJobName(),
                version.sameArtifactAsVersion == null ? ""
                        : " (same artifact as version " + version.sameArtifactAsVersion + ")");
        gate.check(version); // may reject it at once; its ModelRejected follows ModelRegistered in the outbox
        return Optional.of(version);
    }

    private ModelPackage newVersion(ModelPackageGroup group, EventEnvelope<TuningCompleted> event, Instant now) {
        TuningCompleted result = event.payload();
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
        version.testMetrics = result.testMetrics();
        version.hyperparameters = result.bestHyperparameters();
        version.artifact = ArtifactColumns.of(result.artifact());
        version.xgboostVersion = result.xgboostVersion();
        version.lineage = new StoredLineage(result.lineage().layer(), result.lineage().featureNames(),
                result.lineage().window(), result.lineage().query(), result.lineage().queryParameters(),
                result.lineage().splits(), result.parentTuningJobs(),
                result.warmStartType(), result.strategy(), result.trialCount());
        return version;
    }
}
