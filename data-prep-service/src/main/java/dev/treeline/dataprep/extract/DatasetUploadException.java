package dev.treeline.dataprep.extract;

import dev.treeline.support.errors.DependencyFailureException;
import dev.treeline.support.s3.ObjectStoreException;

/** A split could not be uploaded: the object store failed or refused ({@code OBJECT_STORE}), or we were stopping. */
public final class DatasetUploadException extends DependencyFailureException implements ExtractionFailure {

    private final FailureKind kind;

    DatasetUploadException(ObjectStoreException cause) {
        super(cause.getMessage(), cause);
        this.kind = cause.getCause() instanceof InterruptedException ? FailureKind.INTERRUPTED
                : FailureKind.OBJECT_STORE;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }
}
