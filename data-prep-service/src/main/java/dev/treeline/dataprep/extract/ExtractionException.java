package dev.treeline.dataprep.extract;

import dev.treeline.support.errors.UnprocessableException;

/**
 * The spec and the warehouse's rows do not make a dataset (empty window, failing query, missing or non-numeric
 * column, no rows, an empty split, a bad value); retrying would not help.
 */
public final class ExtractionException extends UnprocessableException implements ExtractionFailure {

    private final FailureKind kind;

    public ExtractionException(FailureKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ExtractionException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }
}
