package dev.treeline.registry.security;

import dev.treeline.support.errors.ConflictException;

/** Removing this user's admin role (or the user) would leave nobody able to manage users. */
public class LastAdminException extends ConflictException {

    public LastAdminException(String username) {
        super("'" + username + "' is the last admin; make another user admin first");
    }
}
