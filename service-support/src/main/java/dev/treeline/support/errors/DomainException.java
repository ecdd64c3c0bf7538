package dev.treeline.support.errors;

import java.util.List;

/**
 * A failure the caller can act on, thrown by domain code (services, consumers, stores) without knowing
 * about HTTP: the edge ({@code ProblemDetailsMapper}) turns each kind into a problem-details status, and a
 * consumer's dead-letter reason carries the message. Anything else that escapes is a bug: a 500 with an
 * error id.
 */
public abstract sealed class DomainException extends RuntimeException
        permits ResourceNotFoundException, ConflictException, InvalidRequestException, UnprocessableException,
        NotPermittedException, DependencyFailureException {

    /** One problem with one field, for requests that break several rules at once. */
    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    protected DomainException(String message, List<Violation> violations, Throwable cause) {
        super(message, cause);
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** Field-level problems, when the failure names several; empty otherwise. */
    public List<Violation> violations() {
        return violations;
    }

    /** A short title for the kind of failure, e.g. "Not Found". */
    public abstract String title();
}
