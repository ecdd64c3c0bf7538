package dev.treeline.dataprep.extract;

import java.util.Locale;

/**
 * Why a run failed, coarse enough for a metric tag and for deciding whether to retry; stored on the run
 * ({@code failure_kind}) and shown as {@code failureKind}.
 */
public enum FailureKind {
    EMPTY_WINDOW, WAREHOUSE_UNREACHABLE, QUERY_FAILED, QUERY_WRITES, QUERY_TIMEOUT, MISSING_COLUMN, NON_NUMERIC_COLUMN,
    /** The query returns a column the definition neither uses nor ignores (its feature-columns are given). */
    UNACCOUNTED_COLUMN,
    /** Every column of the result is the label, the key or ignored. */
    NO_FEATURES,
    EMPTY_FEATURE, BAD_VALUE,
    /** A categorical feature has more distinct values than {@code data.max-categories} (an identifier?). */
    TOO_MANY_CATEGORIES,
    /** Another run of the model added category codes this run would have given differently. */
    DICTIONARY_CONFLICT,
    NO_ROWS, EMPTY_SPLIT, OBJECT_STORE, INTERRUPTED, UNEXPECTED;

    /** e.g. {@code warehouse-unreachable}, for metric tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
