package dev.treeline.support.errors;

import java.util.List;

/** What the caller sent breaks a rule; the message (and the violations, when several) say which. */
public non-sealed class InvalidRequestException extends DomainException {

    public InvalidRequestException(String message) {
        super(message, null, null);
    }

    public InvalidRequestException(String message, List<Violation> violations) {
        super(message, violations, null);
    }

    @Override
    public String title() {
        return "Invalid request";
    }
}
