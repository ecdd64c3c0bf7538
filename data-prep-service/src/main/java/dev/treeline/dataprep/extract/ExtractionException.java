package dev.treeline.dataprep.extract;

/** The run cannot produce a dataset; the message is what a person reads on the failed run. */
public class ExtractionException extends RuntimeException {

    public ExtractionException(String message) {
        super(message);
    }

    public ExtractionException(String message, Throwable cause) {
        super(message, cause);
    }
}
