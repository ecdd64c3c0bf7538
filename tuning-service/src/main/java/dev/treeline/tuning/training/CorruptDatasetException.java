package dev.treeline.tuning.training;

/** A dataset file that cannot be what data-prep promised (wrong shape, not numbers). */
public class CorruptDatasetException extends RuntimeException {

    public CorruptDatasetException(String message) {
        super(message);
    }
}
