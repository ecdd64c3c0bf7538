package dev.treeline.dataprep.extract;

import dev.treeline.support.errors.DependencyFailureException;

/** The warehouse did not answer (connection refused, pool timeout, connection lost): worth retrying. */
public final class WarehouseUnreachableException extends DependencyFailureException implements ExtractionFailure {

    public WarehouseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.WAREHOUSE_UNREACHABLE;
    }
}
