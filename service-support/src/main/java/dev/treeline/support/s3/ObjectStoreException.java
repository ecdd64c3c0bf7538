package dev.treeline.support.s3;

/** The object store refused or could not be reached while writing an object; the message names the object. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
