package dev.treeline.registry.approval;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.treeline.events.ApprovalStatus;

/**
 * The approval workflow: pending versions are approved or rejected, an approved version can be
 * rejected (rollback) and a rejected one approved again. Nothing returns to pending.
 */
public final class Transitions {

    private static final Map<ApprovalStatus, Set<ApprovalStatus>> ALLOWED = Map.of(
            ApprovalStatus.PendingManualApproval, EnumSet.of(ApprovalStatus.Approved, ApprovalStatus.Rejected),
            ApprovalStatus.Approved, EnumSet.of(ApprovalStatus.Rejected),
            ApprovalStatus.Rejected, EnumSet.of(ApprovalStatus.Approved));

    private Transitions() {
    }

    public static boolean allowed(ApprovalStatus from, ApprovalStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    public static Set<ApprovalStatus> from(ApprovalStatus status) {
        return ALLOWED.get(status);
    }

    /**
     * Whether {@code which} (a version, for messages) may move from {@code from} to {@code to}: the workflow
     * must allow it, and a version registered in testing mode is approved only with the override.
     *
     * @throws IllegalStatusChangeException     for a transition the workflow does not allow
     * @throws TestingOverrideRequiredException to approve a testing-mode version without the override
     */
    public static void check(String which, ApprovalStatus from, ApprovalStatus to, boolean testing,
                             boolean overrideTesting) {
        if (!allowed(from, to)) {
            throw new IllegalStatusChangeException(which, from, to);
        }
        if (to == ApprovalStatus.Approved && testing && !overrideTesting) {
            throw new TestingOverrideRequiredException(which);
        }
    }
}
