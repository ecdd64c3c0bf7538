package dev.treeline.registry.api;

import dev.treeline.events.ModelGroupNames;
import dev.treeline.support.errors.InvalidRequestException;

/** A path names a model group with a name no group can have (a bad request, not an unknown group). */
public class InvalidModelGroupNameException extends InvalidRequestException {

    public InvalidModelGroupNameException(String name) {
        super("model group name '" + name + "' is invalid: " + ModelGroupNames.RULE);
    }

    /** Returns {@code name} if it is a valid model group name. */
    public static String requireValid(String name) {
        if (!ModelGroupNames.isValid(name)) {
            throw new InvalidModelGroupNameException(name);
        }
        return name;
    }
}
