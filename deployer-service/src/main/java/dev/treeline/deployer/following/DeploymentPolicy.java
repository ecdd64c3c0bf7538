package dev.treeline.deployer.following;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.treeline.deployer.DeployerConfig.Policy;
import dev.treeline.deployer.following.DeploymentDecision.Deploy;
import dev.treeline.deployer.following.DeploymentDecision.DropPending;
import dev.treeline.deployer.following.DeploymentDecision.Nothing;
import dev.treeline.deployer.following.DeploymentDecision.RollBack;
import dev.treeline.deployer.following.DeploymentDecision.SchedulePromotion;
import dev.treeline.deployer.following.DeploymentDecision.Undeploy;
import dev.treeline.events.ApprovalStatus;

/**
 * What an account's deployer does when the registry registers, approves or rejects a version, or when a
 * pending promotion's delay may have passed: a pure function of what it knows (the version concerned, the
 * version served, earlier versions), its policy, the promotion delay and the time. No I/O: {@link Deployments}
 * reads the state under the group's lock, asks here, and carries the decision out.
 *
 * <p>Never backwards by accident: only a rejection of the served version moves down (rollback), and only to a
 * version that is still eligible; everything else moves only to a version above the served one.
 */
public final class DeploymentPolicy {

    /** What the policy needs to know about one version. {@code approvedAt} is null when never approved. */
    public record Version(int version, ApprovalStatus status, boolean testing, Instant approvedAt) {
        public Version {
            Objects.requireNonNull(status, "status");
        }
    }

    private final Policy policy;
    private final Duration promotionDelay;

    public DeploymentPolicy(Policy policy, Duration promotionDelay) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.promotionDelay = Objects.requireNonNull(promotionDelay, "promotionDelay");
    }

    /** ModelRegistered, {@code version} as recorded after it (a decision that overtook the registration is kept). */
    public DeploymentDecision registered(Version version, String runId, OptionalInt served, Instant now) {
        if (policy == Policy.registered && version.status() != ApprovalStatus.Rejected) {
            if (!newerThan(version, served)) {
                return notNewer(version, served);
            }
            return new Deploy(version.version(), "registered by run " + runId + " (policy registered)");
        }
        if (version.status() == ApprovalStatus.Approved) {
            return approval(version, "registered as approved", served, now);
        }
        return new Nothing("v" + version.version() + " is " + version.status() + ": policy " + policy
                + " serves approved versions only");
    }

    /** ModelApproved; {@code why} says who approved it and why. */
    public DeploymentDecision approved(Version version, String why, OptionalInt served, Instant now) {
        return approval(version, why, served, now);
    }

    /**
     * ModelRejected of {@code rejected}: a rollback when it is the served version, to the newest earlier version
     * that is still eligible and not {@code unusable} (its artifact could not be copied); else stop serving.
     *
     * @param earlier versions below the rejected one, newest first, any status
     */
    public DeploymentDecision rejected(int rejected, String why, OptionalInt served, List<Version> earlier,
            Set<Integer> unusable) {
        if (served.isEmpty() || served.getAsInt() != rejected) {
            return new Nothing("v" + rejected + " is not served here");
        }
        String reason = "v" + rejected + " rejected by " + why;
        for (Version candidate : earlier) {
            if (candidate.version() < rejected && rollbackStatuses().contains(candidate.status())
                    && !neverServed(candidate) && !unusable.contains(candidate.version())) {
                return new RollBack(candidate.version(), reason + "; rolled back to v" + candidate.version());
            }
        }
        return new Undeploy(rejected, reason + "; no earlier " + rollbackStatuses() + " version to roll back to");
    }

    /** A promotion tick for a pending approval: serve it once due, if still approved and still newer. */
    public DeploymentDecision promotionDue(int pendingVersion, Instant approvedAt, Instant dueAt,
            Optional<Version> version, OptionalInt served, Instant now) {
        if (dueAt.isAfter(now)) {
            return new Nothing("v" + pendingVersion + " is due at " + dueAt);
        }
        if (version.isEmpty() || version.get().status() != ApprovalStatus.Approved) {
            return new DropPending(pendingVersion, "v" + pendingVersion + " is no longer approved");
        }
        if (!newerThan(version.get(), served)) {
            return new DropPending(pendingVersion, notNewer(version.get(), served).reason());
        }
        return new Deploy(pendingVersion, "approved at " + approvedAt + ", promoted after the promotion delay "
                + promotionDelay);
    }

    /** Statuses a rollback may go back to: under policy registered, versions still awaiting approval too. */
    public List<ApprovalStatus> rollbackStatuses() {
        return policy == Policy.registered
                ? List.of(ApprovalStatus.Approved, ApprovalStatus.PendingManualApproval)
                : List.of(ApprovalStatus.Approved);
    }

    private DeploymentDecision approval(Version version, String why, OptionalInt served, Instant now) {
        if (neverServed(version)) {
            return new Nothing("v" + version.version() + " is marked testing: never served under the approved policy");
        }
        if (!newerThan(version, served)) {
            return notNewer(version, served);
        }
        Instant approvedAt = version.approvedAt() == null ? now : version.approvedAt();
        Instant due = approvedAt.plus(promotionDelay);
        if (due.isAfter(now)) {
            return new SchedulePromotion(version.version(), approvedAt, due, "v" + version.version() + " approved at "
                    + approvedAt + " waits for the promotion delay " + promotionDelay);
        }
        return new Deploy(version.version(), why);
    }

    private boolean neverServed(Version version) {
        return version.testing() && policy == Policy.approved;
    }

    private static boolean newerThan(Version version, OptionalInt served) {
        return served.isEmpty() || version.version() > served.getAsInt();
    }

    private static Nothing notNewer(Version version, OptionalInt served) {
        // A duplicate or out-of-order event: never move back to an older version.
        return new Nothing("v" + version.version() + " is not newer than the served v" + served.getAsInt());
    }
}
