package dev.treeline.events;

/** Model package approval status, spelled as SageMaker Model Registry spells it. */
public enum ApprovalStatus {
    PendingManualApproval,
    Approved,
    Rejected
}
