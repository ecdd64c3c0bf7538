package dev.treeline.registry.keys;

import dev.treeline.support.errors.ConflictException;

/** A user may hold at most two active keys (one in use, one being rotated in). */
public class TooManyAccessKeysException extends ConflictException {

    public TooManyAccessKeysException(String owner, int limit) {
        super("'" + owner + "' has " + limit + " active access keys already, the most a user may hold;"
                + " revoke one first (DELETE /users/" + owner + "/access-keys/{accessKeyId})");
    }
}
