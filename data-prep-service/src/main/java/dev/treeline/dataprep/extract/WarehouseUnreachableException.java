package dev.treeline.dataprep.extract;

/** The warehouse did not answer (connection refused, pool timeout, connection lost): worth retrying. */
public class WarehouseUnreachableException extends ExtractionException {

    public WarehouseUnreachableException(String message, Throwable cause) {
        super(Kind.WAREHOUSE_UNREACHABLE, message, cause);
    }
}
