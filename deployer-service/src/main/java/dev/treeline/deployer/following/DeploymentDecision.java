package dev.treeline.deployer.following;

import java.time.Instant;

/** What {@link DeploymentPolicy} decided for one model group, and why; {@link Deployments} carries it out. */
public sealed interface DeploymentDecision {

    String reason();

    /** Serve this (newer) version now: copy, record, announce {@code ModelDeployed(PROMOTED)}. */
    record Deploy(int version, String reason) implements DeploymentDecision {
    }

    /** The approval is younger than the promotion delay: keep it pending until {@code dueAt}. */
    record SchedulePromotion(int version, Instant approvedAt, Instant dueAt, String reason)
            implements DeploymentDecision {
    }

    /** The served version was rejected: serve this earlier one instead ({@code ModelDeployed(ROLLED_BACK)}). */
    record RollBack(int version, String reason) implements DeploymentDecision {
    }

    /** The served version was rejected and nothing earlier is eligible: stop serving the group. */
    record Undeploy(int version, String reason) implements DeploymentDecision {
    }

    /** A pending promotion is due but its version may no longer be served: drop it. */
    record DropPending(int version, String reason) implements DeploymentDecision {
    }

    /** Nothing changes. */
    record Nothing(String reason) implements DeploymentDecision {
    }
}
