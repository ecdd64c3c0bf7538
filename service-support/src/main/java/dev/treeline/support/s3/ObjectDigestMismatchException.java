package dev.treeline.support.s3;

import dev.treeline.events.ObjectRef;
import dev.treeline.support.errors.UnprocessableException;

/** Stored bytes do not match the SHA-256 they were registered with: tampering or corruption. */
public class ObjectDigestMismatchException extends UnprocessableException {

    private final String expected;
    private final String actual;

    public ObjectDigestMismatchException(ObjectRef ref, String actual) {
        super("SHA-256 mismatch for s3://" + ref.bucket() + "/" + ref.key() + ": expected " + ref.sha256()
                + ", got " + actual);
        this.expected = ref.sha256();
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
