package dev.treeline.registry.approval;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.support.errors.ConflictException;

/** The approval workflow does not allow this change from the version's current status. */
public class IllegalStatusChangeException extends ConflictException {

    public IllegalStatusChangeException(String which, ApprovalStatus from, ApprovalStatus to) {
        super(which + " is " + from + " and cannot change to " + to + "; from " + from + " it can change to "
                + Transitions.from(from));
    }
}
