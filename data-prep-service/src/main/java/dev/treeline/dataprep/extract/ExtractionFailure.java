package dev.treeline.dataprep.extract;

/**
 * A failure that ends a run with a kind: the spec and the rows do not make a dataset
 * ({@link ExtractionException}), or a system the extraction needs failed ({@link WarehouseUnreachableException},
 * {@link DatasetUploadException}). The message is what a person reads on the failed run.
 */
public sealed interface ExtractionFailure
        permits ExtractionException, WarehouseUnreachableException, DatasetUploadException {

    FailureKind kind();

    String getMessage();
}
