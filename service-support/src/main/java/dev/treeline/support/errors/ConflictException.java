package dev.treeline.support.errors;

/** The request is valid but conflicts with the current state (a status change not allowed from here, a duplicate). */
public non-sealed class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message, null, null);
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
