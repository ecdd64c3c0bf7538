package dev.treeline.dataprep.extract;

/** The run cannot produce a dataset; the message is what a person reads on the failed run. */
public class ExtractionException extends RuntimeException {

    /** What went wrong, coarse enough for a metric tag and for deciding whether to retry. */
    public enum Kind {
        EMPTY_WINDOW, WAREHOUSE_UNREACHABLE, QUERY_FAILED, MISSING_COLUMN, NON_NUMERIC_COLUMN, EMPTY_FEATURE,
        BAD_VALUE, NO_ROWS, EMPTY_SPLIT, OBJECT_STORE, INTERRUPTED, UNEXPECTED;

        /** e.g. {@code warehouse-unreachable}, for metric tags. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    public ExtractionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ExtractionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
