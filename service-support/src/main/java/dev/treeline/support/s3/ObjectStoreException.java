package dev.treeline.support.s3;

/** The object store refused or could not be reached while writing an object; the message names the object. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An upload of {@code location} ({@code s3://bucket/key}) the store did not take. */
    static ObjectStoreException uploadFailed(String location, Throwable cause) {
        return new ObjectStoreException("could not upload " + location + " (object store unreachable or refusing): "
                + cause.getMessage(), cause);
    }
}
