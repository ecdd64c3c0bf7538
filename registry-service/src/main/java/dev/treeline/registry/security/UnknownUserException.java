package dev.treeline.registry.security;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No registry user has this name. */
public class UnknownUserException extends ResourceNotFoundException {

    public UnknownUserException(String username) {
        super("no user '" + username + "'");
    }
}
