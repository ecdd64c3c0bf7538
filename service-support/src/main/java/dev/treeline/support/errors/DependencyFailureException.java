package dev.treeline.support.errors;

/**
 * A system this service depends on (object store, warehouse, another service) failed or is unreachable; the
 * message names it and is safe to show, unlike a bug's.
 */
public non-sealed class DependencyFailureException extends DomainException {

    public DependencyFailureException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public DependencyFailureException(String message) {
        super(message, null, null);
    }

    @Override
    public String title() {
        return "Bad Gateway";
    }
}
