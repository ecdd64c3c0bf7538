package dev.treeline.deployer.following;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.DeployerMetrics;
import dev.treeline.deployer.endpoint.ArtifactRefusedException;
import dev.treeline.deployer.following.ArtifactCopies.Copied;
import dev.treeline.deployer.following.ArtifactCopies.Copy;
import dev.treeline.deployer.following.ArtifactCopies.Failed;
import dev.treeline.deployer.following.DeploymentDecision.Deploy;
import dev.treeline.deployer.following.DeploymentDecision.DropPending;
import dev.treeline.deployer.following.DeploymentDecision.Nothing;
import dev.treeline.deployer.following.DeploymentDecision.RollBack;
import dev.treeline.deployer.following.DeploymentDecision.SchedulePromotion;
import dev.treeline.deployer.following.DeploymentDecision.Undeploy;
import dev.treeline.deployer.storage.ArtifactStore;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import dev.treeline.deployer.storage.KnownVersion;
import dev.treeline.deployer.storage.PendingPromotion;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.support.errors.ConflictException;
import dev.treeline.support.errors.UnprocessableException;
import dev.treeline.support.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Carries out {@link DeploymentPolicy}'s decisions for this account. Two steps per change: first, outside any
 * transaction and lock, the artifact the decision will probably serve is copied into the account bucket
 * ({@code copyAhead*}: slow S3 I/O, idempotent because account keys are immutable per version); then, in the
 * caller's short transaction, the group's lock is taken, the state re-read, the policy asked again, and the
 * change recorded with the event announcing it (outbox). Should the decision under the lock need a copy that
 * was not made ahead (the state changed in between), it is copied then. The local model cache is told after the
 * commit, other replicas by polling the table.
 */
@ApplicationScoped
public class Deployments {

    private static final Logger LOG = Logger.getLogger(Deployments.class);
    private static final int MANUAL_ADD_ATTEMPTS = 3;

    private final DeploymentStore store;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final DeployerConfig config;
    private final DeployerMetrics metrics;
    private final Event<DesiredVersionChanged> changed;
    private final Clock clock;
    private final DeploymentPolicy policy;

    public Deployments(DeploymentStore store, ArtifactStore artifacts, Outbox outbox, DeployerConfig config,
            DeployerMetrics metrics, Event<DesiredVersionChanged> changed, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.changed = changed;
        this.clock = clock;
        this.policy = new DeploymentPolicy(config.policy(), config.promotionDelay());
    }

    // ---- step 1: copy ahead, outside any transaction and lock

    /** Copies what a registry event will probably serve; an empty result when it serves nothing. */
    public ArtifactCopies copyAhead(EventEnvelope<?> event) {
        ArtifactCopies copies = ArtifactCopies.none();
        try {
            if (event.payload() instanceof ModelRegistered r) {
                KnownVersion v = registeredVersion(event, r, store.version(r.modelGroup(), r.version()));
                copyIfDeployed(decideRegistered(v), v, copies);
            } else if (event.payload() instanceof ModelApproved a) {
                KnownVersion v = approvedVersion(event, a, store.version(a.modelGroup(), a.version()));
                copyIfDeployed(decideApproved(v, a), v, copies);
            } else if (event.payload() instanceof ModelRejected r) {
                Set<Integer> unusable = new HashSet<>();
                while (decideRejected(r, unusable) instanceof RollBack back) {
                    KnownVersion target = store.version(r.modelGroup(), back.version()).orElseThrow();
                    Copy copy = copy(target);
                    copies.put(target.version, copy);
                    if (copy instanceof Copied) {
                        break;
                    }
                    unusable.add(target.version);
                }
            }
        } catch (RuntimeException e) {
            // Only an optimisation: the transaction decides again and copies what it needs.
            LOG.debugf(e, "%s: nothing copied ahead", event.subject());
        }
        return copies;
    }

    /** Copies what a due pending promotion of {@code group} will serve. */
    public ArtifactCopies copyAheadDue(String group) {
        ArtifactCopies copies = ArtifactCopies.none();
        if (decideDue(group) instanceof Deploy deploy) {
            store.version(group, deploy.version()).ifPresent(v -> copies.put(v.version, copy(v)));
        }
        return copies;
    }

    private void copyIfDeployed(DeploymentDecision decision, KnownVersion v, ArtifactCopies copies) {
        if (decision instanceof Deploy) {
            copies.put(v.version, copy(v));
        }
    }

    // ---- step 2: lock, decide again, record and announce (caller's transaction)

    @Transactional(TxType.MANDATORY)
    public void registered(EventEnvelope<?> event, ModelRegistered registered, ArtifactCopies copies) {
        String group = registered.modelGroup();
        store.lockGroup(group);
        KnownVersion v = store.saveVersion(registeredVersion(event, registered,
                store.version(group, registered.version())));
        carryOut(decideRegistered(v), v, copies);
    }

    @Transactional(TxType.MANDATORY)
    public void approved(EventEnvelope<?> event, ModelApproved approved, ArtifactCopies copies) {
        store.lockGroup(approved.modelGroup());
        KnownVersion v = store.saveVersion(approvedVersion(event, approved,
                store.version(approved.modelGroup(), approved.version())));
        carryOut(decideApproved(v, approved), v, copies);
    }

    @Transactional(TxType.MANDATORY)
    public void rejected(EventEnvelope<?> event, ModelRejected rejected, ArtifactCopies copies) {
        String group = rejected.modelGroup();
        int version = rejected.version();
        store.lockGroup(group);
        KnownVersion record = store.version(group, version).orElseGet(() -> KnownVersion.of(group, version,
                ApprovalStatus.Rejected, event.correlationId(), rejected.artifact(), false, null));
        record.status = ApprovalStatus.Rejected;
        record = store.saveVersion(record);
        store.deletePending(group, version);
        Set<Integer> unusable = new HashSet<>();
        while (true) {
            DeploymentDecision decision = decideRejected(rejected, unusable);
            if (decision instanceof RollBack back) {
                KnownVersion target = store.version(group, back.version()).orElseThrow();
                if (promote(target, DeploymentAction.ROLLED_BACK, back.reason(), copies)) {
                    metrics.rolledBack();
                    return;
                }
                unusable.add(back.version());
            } else {
                carryOut(decision, record, copies);
                return;
            }
        }
    }

    /** Applies a pending promotion whose delay has passed, if it is still approved and still newer. */
    @Transactional(TxType.MANDATORY)
    public void promoteDue(String group, ArtifactCopies copies) {
        store.lockGroup(group);
        DeploymentDecision decision = decideDue(group); // another replica may have done it meanwhile
        if (decision instanceof Deploy deploy) {
            carryOut(decision, store.version(group, deploy.version()).orElseThrow(), copies);
        } else if (decision instanceof DropPending drop) {
            store.deletePending(group, drop.version());
        }
    }

    // ---- management API (own transactions)

    /** Serves a model from a bucket location: copied into the account bucket first, then recorded. */
    public DesiredVersion addManually(String group, Integer requestedVersion, String bucket, String key, String sha256,
            String by) {
        for (int attempt = 1;; attempt++) {
            int version = requestedVersion != null ? requestedVersion : store.highestVersion(group) + 1;
            String accountKey = copyManually(group, version, bucket, key, sha256);
            Optional<DesiredVersion> added = QuarkusTransaction.requiringNew().call(() -> {
                store.lockGroup(group);
                if (requestedVersion == null && store.highestVersion(group) + 1 != version) {
                    return Optional.<DesiredVersion>empty(); // another add took this version meanwhile
                }
                String runId = "manual-" + UUID.randomUUID();
                if (store.version(group, version).isEmpty()) {
                    store.saveVersion(KnownVersion.of(group, version, ApprovalStatus.Approved, runId,
                            new ArtifactRef(bucket, key, sha256, 0, ArtifactFormat.UBJSON, null), false, clock.instant()));
                }
                return Optional.of(record(group, version, sha256, runId, accountKey, DeploymentAction.MANUAL,
                        "added by " + by + " from s3://" + bucket + "/" + key));
            });
            if (added.isPresent()) {
                return added.get();
            }
            if (attempt == MANUAL_ADD_ATTEMPTS) {
                throw new ConflictException("versions of " + group + " keep being added concurrently; try again");
            }
        }
    }

    /** Stops serving a model. False when it was not served. */
    public boolean remove(String group, String by) {
        return QuarkusTransaction.requiringNew().call(() -> {
            store.lockGroup(group);
            Optional<DesiredVersion> served = store.desired(group);
            served.ifPresent(d -> undeploy(group, d.version, d.runId, "removed by " + by));
            return served.isPresent();
        });
    }

    // ---- decisions: state read here, logic in DeploymentPolicy

    private DeploymentDecision decideRegistered(KnownVersion v) {
        return policy.registered(v.facts(), v.runId, served(v.modelGroup), clock.instant());
    }

    private DeploymentDecision decideApproved(KnownVersion v, ModelApproved approved) {
        return policy.approved(v.facts(), "approved by " + approved.by() + ": " + approved.reason(),
                served(v.modelGroup), clock.instant());
    }

    private DeploymentDecision decideRejected(ModelRejected rejected, Set<Integer> unusable) {
        List<DeploymentPolicy.Version> earlier = store.versionsBelow(rejected.modelGroup(), rejected.version(),
                policy.rollbackStatuses()).stream().map(KnownVersion::facts).toList();
        return policy.rejected(rejected.version(), rejected.by() + ": " + rejected.reason(),
                served(rejected.modelGroup()), earlier, unusable);
    }

    private DeploymentDecision decideDue(String group) {
        Optional<PendingPromotion> pending = store.pending(group);
        if (pending.isEmpty()) {
            return new Nothing("no pending promotion");
        }
        PendingPromotion p = pending.get();
        return policy.promotionDue(p.version, p.approvedAt, p.dueAt, store.version(group, p.version)
                .map(KnownVersion::facts), served(group), clock.instant());
    }

    private OptionalInt served(String group) {
        return store.desired(group).map(d -> OptionalInt.of(d.version)).orElse(OptionalInt.empty());
    }

    /** The version as recorded after a registration; a decision that overtook it (replay, manual fix-up) is kept. */
    private static KnownVersion registeredVersion(EventEnvelope<?> event, ModelRegistered registered,
            Optional<KnownVersion> known) {
        ApprovalStatus status = known.map(v -> v.status).filter(s -> s != ApprovalStatus.PendingManualApproval)
                .orElse(registered.approvalStatus());
        Instant approvedAt = known.map(v -> v.approvedAt)
                .orElse(status == ApprovalStatus.Approved ? event.occurredAt() : null);
        return KnownVersion.of(registered.modelGroup(), registered.version(), status, registered.runId(),
                registered.artifact(), registered.testing(), approvedAt);
    }

    private static KnownVersion approvedVersion(EventEnvelope<?> event, ModelApproved approved,
            Optional<KnownVersion> known) {
        return KnownVersion.of(approved.modelGroup(), approved.version(), ApprovalStatus.Approved,
                known.map(v -> v.runId).orElse(event.correlationId()), approved.artifact(),
                known.map(v -> v.testing).orElse(false), approved.at());
    }

    // ---- carrying decisions out

    private void carryOut(DeploymentDecision decision, KnownVersion v, ArtifactCopies copies) {
        if (decision instanceof Deploy deploy) {
            promote(v, DeploymentAction.PROMOTED, deploy.reason(), copies);
        } else if (decision instanceof SchedulePromotion later) {
            store.savePending(PendingPromotion.of(v.modelGroup, later.version(), later.approvedAt(), later.dueAt()));
        } else if (decision instanceof Undeploy undeploy) {
            undeploy(v.modelGroup, undeploy.version(), v.runId, undeploy.reason());
        } else if (decision instanceof DropPending drop) {
            store.deletePending(v.modelGroup, drop.version());
        } else if (decision instanceof RollBack) {
            throw new IllegalStateException("rollbacks are carried out by rejected()");
        } else {
            LOG.debugf("%s: nothing to do (%s)", v.modelGroup, decision.reason());
        }
    }

    /** Records and announces {@code v} with its copied artifact; a refused artifact leaves the served version. */
    private boolean promote(KnownVersion v, DeploymentAction action, String reason, ArtifactCopies copies) {
        Copy copy = copies.of(v.version, v.sha256()).orElseGet(() -> {
            LOG.debugf("%s v%d copied inside the transaction: the decision changed after the copy ahead",
                    v.modelGroup, v.version);
            return copy(v);
        });
        if (copy instanceof Failed failed) {
            LOG.warnf("%s v%d not deployed: %s", v.modelGroup, v.version, failed.reason());
            outbox.publish(EventEnvelope.of(v.runId, new DeploymentFailed(config.account(), config.endpointName(),
                    v.modelGroup, v.version, v.sha256(), now(), failed.reason())));
            metrics.deploymentFailed();
            return false;
        }
        record(v.modelGroup, v.version, v.sha256(), v.runId, ((Copied) copy).key(), action, reason);
        return true;
    }

    /** Copies a known version's artifact into the account bucket; never throws for a refused or missing artifact. */
    private Copy copy(KnownVersion v) {
        try {
            return new Copied(v.sha256(), artifacts.copyIn(v.modelGroup, v.version, v.artifactRef()));
        } catch (ArtifactRefusedException | IllegalArgumentException e) {
            return new Failed(v.sha256(), e.getMessage());
        } catch (SdkException e) {
            return new Failed(v.sha256(), "could not copy the artifact: " + e.getMessage());
        }
    }

    private String copyManually(String group, int version, String bucket, String key, String sha256) {
        try {
            return artifacts.copyIn(group, version, bucket, key, sha256);
        } catch (SdkException e) {
            throw new UnprocessableException("could not copy s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private DesiredVersion record(String group, int version, String sha256, String runId, String key,
            DeploymentAction action, String reason) {
        DesiredVersion desired = store.saveDesired(DesiredVersion.of(group, version, sha256, runId, key, action,
                reason, now()));
        store.deletePendingUpTo(group, version);
        outbox.publish(EventEnvelope.of(runId, new ModelDeployed(config.account(), config.endpointName(), group,
                version, sha256, desired.updatedAt, action, reason)));
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
