package dev.treeline.registry.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRejected;
import dev.treeline.registry.model.ApprovalAudit;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.registry.model.ModelPackageId;
import dev.treeline.support.errors.ResourceNotFoundException;
import dev.treeline.support.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Approves and rejects versions. The version row, its audit row and the ModelApproved/ModelRejected
 * event are written in one transaction, so a decision is never recorded without being announced
 * (the outbox relay sends it after commit, again after a crash if need be) or announced without
 * being recorded.
 */
@ApplicationScoped
public class StatusChanges {

    private static final Logger LOG = Logger.getLogger(StatusChanges.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    public StatusChanges(EntityManager em, Outbox outbox, MeterRegistry meters, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Moves a version to {@code target}.
     *
     * @param overrideTesting must be true to approve a version registered in testing mode
     * @throws UnknownModelGroupException       for an unknown group
     * @throws UnknownModelVersionException     for an unknown version of a known group
     * @throws IllegalStatusChangeException     for a transition the workflow does not allow
     * @throws TestingOverrideRequiredException to approve a testing-mode version without the override
     */
    @Transactional
    public ModelPackage change(String group, int versionNumber, ApprovalStatus target, String reason,
                               boolean overrideTesting, String by) {
        ModelPackage version = lock(group, versionNumber);
        return apply(version, target, reason, overrideTesting, by);
    }

    /** As {@link #change} for a version the caller already holds (and has locked) in its transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelPackage apply(ModelPackage version, ApprovalStatus target, String reason, boolean overrideTesting,
                              String by) {
        ApprovalStatus from = version.approvalStatus;
        String which = "version " + version.version + " of '" + version.groupName + "'";
        Transitions.check(which, from, target, version.testing, overrideTesting);
        boolean testingOverride = target == ApprovalStatus.Approved && version.testing;
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        version.approvalStatus = target;
        version.statusChangedAt = now;
        ApprovalAudit.record(version, by, now, from, target, reason, testingOverride);

        ArtifactRef artifact = version.artifact.toRef();
        if (target == ApprovalStatus.Approved) {
            outbox.publish(EventEnvelope.of(version.runId, new ModelApproved(version.groupName, version.version,
                    artifact, by, reason, now, from)));
        } else {
            outbox.publish(EventEnvelope.of(version.runId, new ModelRejected(version.groupName, version.version,
                    artifact, by, reason, now, from)));
        }
        meters.counter("treeline.registry.status.changes", "to", target.name()).increment();
        LOG.infof("%s: %s -> %s by %s%s (%s)", which, from, target, by, testingOverride ? " overriding testing mode" : "",
                reason);
        return version;
    }

    private ModelPackage lock(String group, int versionNumber) {
        ModelPackage version = em.find(ModelPackage.class, new ModelPackageId(group, versionNumber),
                LockModeType.PESSIMISTIC_WRITE);
        if (version == null) {
            throw notFound(group, versionNumber);
        }
        return version;
    }

    /** Why a version was not found: its group is unknown, or the group has no such version. */
    public static ResourceNotFoundException notFound(String group, int version) {
        if (ModelPackageGroup.findById(group) == null) {
            return new UnknownModelGroupException(group);
        }
        return new UnknownModelVersionException(group, version);
    }
}
