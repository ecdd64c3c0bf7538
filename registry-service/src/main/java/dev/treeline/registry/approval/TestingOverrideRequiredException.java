package dev.treeline.registry.approval;

import dev.treeline.support.errors.ConflictException;

/** A version registered in testing mode is approved only when the approver explicitly overrides it. */
public class TestingOverrideRequiredException extends ConflictException {

    public TestingOverrideRequiredException(String which) {
        super(which + " was registered in testing mode and must not be deployed;"
                + " approve it only with overrideTesting=true");
    }
}
