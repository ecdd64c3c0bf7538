package dev.treeline.support.errors;

/** The caller is known but may not do this (a rule of the domain, beyond the route's role). */
public non-sealed class NotPermittedException extends DomainException {

    public NotPermittedException(String message) {
        super(message, null, null);
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
