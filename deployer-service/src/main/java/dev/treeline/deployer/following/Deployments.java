package dev.treeline.deployer.following;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.DeployerMetrics;
import dev.treeline.deployer.endpoint.ArtifactIntegrityException;
import dev.treeline.deployer.storage.ArtifactStore;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import dev.treeline.deployer.storage.PendingPromotion;
import dev.treeline.deployer.storage.VersionRecord;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.support.outbox.Outbox;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides what this account serves. Every method runs in the caller's transaction and first takes the
 * model group's lock, so the consumer, the promotion tick, the management API and other replicas never
 * interleave on one group. A change of the desired version and the event announcing it commit together
 * (outbox); the local model cache is told after the commit, other replicas by polling the table.
 *
 * <p>Never backwards by accident: a promotion only moves to a version above the recorded one; only a
 * rejection of the served version moves down (rollback), and only to a version still eligible.
 */
@ApplicationScoped
public class Deployments {

    private static final Logger LOG = Logger.getLogger(Deployments.class);

    private final DeploymentStore store;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final DeployerConfig config;
    private final DeployerMetrics metrics;
    private final Event<DesiredVersionChanged> changed;
    private final Clock clock;

    public Deployments(DeploymentStore store, ArtifactStore artifacts, Outbox outbox, DeployerConfig config,
            DeployerMetrics metrics, Event<DesiredVersionChanged> changed) {
        this.store = store;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.changed = changed;
        this.clock = Clock.systemUTC();
    }

    @Transactional(TxType.MANDATORY)
    public void registered(EventEnvelope<?> event, ModelRegistered registered) {
        String group = registered.modelGroup();
        store.lockGroup(group);
        Optional<VersionRecord> known = store.version(group, registered.version());
        // A decision that overtook the registration (replay, manual fix-up) is kept.
        ApprovalStatus status = known.map(VersionRecord::status)
                .filter(s -> s != ApprovalStatus.PendingManualApproval).orElse(registered.approvalStatus());
        ArtifactRef a = registered.artifact();
        VersionRecord record = new VersionRecord(group, registered.version(), status, registered.runId(), a.bucket(),
                a.key(), a.versionId(), a.sha256(), a.bytes(), registered.testing(),
                known.map(VersionRecord::approvedAt).orElse(status == ApprovalStatus.Approved ? event.occurredAt() : null));
        store.saveVersion(record);
        if (config.policy() == DeployerConfig.Policy.registered && status != ApprovalStatus.Rejected) {
            if (isNewerThanServed(record)) {
                promote(record, DeploymentAction.PROMOTED, "registered by run " + registered.runId()
                        + " (policy registered)");
            }
        } else if (status == ApprovalStatus.Approved) {
            considerApproval(record, "registered as approved");
        }
    }

    @Transactional(TxType.MANDATORY)
    public void approved(EventEnvelope<?> event, ModelApproved approved) {
        String group = approved.modelGroup();
        store.lockGroup(group);
        Optional<VersionRecord> known = store.version(group, approved.version());
        ArtifactRef a = approved.artifact();
        VersionRecord record = new VersionRecord(group, approved.version(), ApprovalStatus.Approved,
                known.map(VersionRecord::runId).orElse(event.correlationId()), a.bucket(), a.key(), a.versionId(),
                a.sha256(), a.bytes(), known.map(VersionRecord::testing).orElse(false), approved.at());
        store.saveVersion(record);
        considerApproval(record, "approved by " + approved.by() + ": " + approved.reason());
    }

    @Transactional(TxType.MANDATORY)
    public void rejected(EventEnvelope<?> event, ModelRejected rejected) {
        String group = rejected.modelGroup();
        int version = rejected.version();
        store.lockGroup(group);
        ArtifactRef a = rejected.artifact();
        VersionRecord record = store.version(group, version)
                .map(v -> v.withStatus(ApprovalStatus.Rejected, v.approvedAt()))
                .orElse(new VersionRecord(group, version, ApprovalStatus.Rejected, event.correlationId(), a.bucket(),
                        a.key(), a.versionId(), a.sha256(), a.bytes(), false, null));
        store.saveVersion(record);
        store.deletePending(group, version);
        Optional<DesiredVersion> served = store.desired(group);
        if (served.isEmpty() || served.get().version() != version) {
            return; // not served here: nothing changes
        }
        String why = "v" + version + " rejected by " + rejected.by() + ": " + rejected.reason();
        for (VersionRecord candidate : store.versionsBelow(group, version, rollbackStatuses())) {
            if (candidate.testing() && config.policy() == DeployerConfig.Policy.approved) {
                continue;
            }
            if (promote(candidate, DeploymentAction.ROLLED_BACK, why + "; rolled back to v" + candidate.version())) {
                metrics.rolledBack();
                return;
            }
        }
        undeploy(group, version, record.runId(), why + "; no earlier " + rollbackStatuses() + " version to roll back to");
    }

    /** Applies a pending promotion whose delay has passed, if it is still approved and still newer. */
    @Transactional(TxType.MANDATORY)
    public void promoteDue(String group) {
        store.lockGroup(group);
        Optional<PendingPromotion> pending = store.pending(group);
        if (pending.isEmpty() || pending.get().dueAt().isAfter(clock.instant())) {
            return; // another replica did it, or a newer approval reset the clock
        }
        PendingPromotion p = pending.get();
        store.deletePending(group, p.version());
        store.version(group, p.version())
                .filter(v -> v.status() == ApprovalStatus.Approved)
                .filter(this::isNewerThanServed)
                .ifPresent(v -> promote(v, DeploymentAction.PROMOTED, "approved at " + p.approvedAt()
                        + ", promoted after the promotion delay " + config.promotionDelay()));
    }

    /** Management API: serve a model from a bucket location (copied into the account bucket first). */
    @Transactional(TxType.MANDATORY)
    public DesiredVersion addManually(String group, Integer requestedVersion, String bucket, String key, String sha256,
            String by) {
        store.lockGroup(group);
        int version = requestedVersion != null ? requestedVersion : store.highestVersion(group) + 1;
        String accountKey = artifacts.copyIn(group, version, bucket, key, sha256);
        String runId = "manual-" + java.util.UUID.randomUUID();
        String reason = "added by " + by + " from s3://" + bucket + "/" + key;
        VersionRecord record = new VersionRecord(group, version, ApprovalStatus.Approved, runId, bucket, key, null,
                sha256, 0, false, clock.instant());
        if (store.version(group, version).isEmpty()) {
            store.saveVersion(record);
        }
        return record(group, version, sha256, runId, accountKey, DeploymentAction.MANUAL, reason);
    }

    /** Management API: stop serving a model. False when it was not served. */
    @Transactional(TxType.MANDATORY)
    public boolean remove(String group, String by) {
        store.lockGroup(group);
        Optional<DesiredVersion> served = store.desired(group);
        if (served.isEmpty()) {
            return false;
        }
        undeploy(group, served.get().version(), served.get().runId(), "removed by " + by);
        return true;
    }

    private void considerApproval(VersionRecord record, String reason) {
        if (record.testing() && config.policy() == DeployerConfig.Policy.approved) {
            LOG.infof("%s v%d is marked testing: never served under the approved policy", record.modelGroup(),
                    record.version());
            return;
        }
        if (!isNewerThanServed(record)) {
            return; // duplicate or out of order: never move back to an older version
        }
        Instant approvedAt = record.approvedAt() == null ? clock.instant() : record.approvedAt();
        Instant due = approvedAt.plus(config.promotionDelay());
        if (due.isAfter(clock.instant())) {
            store.savePending(new PendingPromotion(record.modelGroup(), record.version(), approvedAt, due));
            return;
        }
        promote(record, DeploymentAction.PROMOTED, reason);
    }

    private boolean isNewerThanServed(VersionRecord record) {
        return store.desired(record.modelGroup()).map(d -> record.version() > d.version()).orElse(true);
    }

    private List<ApprovalStatus> rollbackStatuses() {
        return config.policy() == DeployerConfig.Policy.registered
                ? List.of(ApprovalStatus.Approved, ApprovalStatus.PendingManualApproval)
                : List.of(ApprovalStatus.Approved);
    }

    /** Copies, verifies, records and announces; a refused artifact leaves the served version as it was. */
    private boolean promote(VersionRecord v, DeploymentAction action, String reason) {
        String key;
        try {
            key = artifacts.copyIn(v.modelGroup(), v.version(), v.artifact());
        } catch (ArtifactIntegrityException | SdkException | IllegalArgumentException e) {
            String why = e instanceof SdkException ? "could not copy the artifact: " + e.getMessage() : e.getMessage();
            LOG.warnf("%s v%d not deployed: %s", v.modelGroup(), v.version(), why);
            outbox.publish(EventEnvelope.of(v.runId(), new DeploymentFailed(config.account(), config.endpointName(),
                    v.modelGroup(), v.version(), v.sha256(), now(), why)));
            metrics.deploymentFailed();
            return false;
        }
        record(v.modelGroup(), v.version(), v.sha256(), v.runId(), key, action, reason);
        return true;
    }

    private DesiredVersion record(String group, int version, String sha256, String runId, String key,
            DeploymentAction action, String reason) {
        DesiredVersion desired = new DesiredVersion(group, version, sha256, runId, key, action, reason, now());
        store.saveDesired(desired);
        store.pending(group).filter(p -> p.version() <= version).ifPresent(p -> store.deletePending(group, p.version()));
        outbox.publish(EventEnvelope.of(runId, new ModelDeployed(config.account(), config.endpointName(), group,
                version, sha256, desired.updatedAt(), action, reason)));
        changed.fire(new DesiredVersionChanged(group));
        LOG.infof("%s now serves v%d (%s: %s)", group, version, action, reason);
        return desired;
    }

    private void undeploy(String group, int version, String runId, String reason) {
        store.deleteDesired(group);
        outbox.publish(EventEnvelope.of(runId, new ModelUndeployed(config.account(), config.endpointName(), group,
                version, now(), reason)));
        metrics.undeployed();
        changed.fire(new DesiredVersionChanged(group));
        LOG.infof("%s no longer served (%s)", group, reason);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
