package dev.treeline.registry.security;

import dev.treeline.support.errors.ConflictException;

/** A user with this name exists already. */
public class UserAlreadyExistsException extends ConflictException {

    public UserAlreadyExistsException(String username) {
        super("user '" + username + "' already exists");
    }
}
