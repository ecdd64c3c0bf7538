package dev.treeline.registry.keys;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No key with this id belongs to this user. */
public class UnknownAccessKeyException extends ResourceNotFoundException {

    public UnknownAccessKeyException(String owner, String accessKeyId) {
        super("'" + owner + "' has no access key '" + accessKeyId + "'");
    }
}
