package dev.treeline.dataprep.spec;

import java.util.List;

import dev.treeline.support.errors.InvalidRequestException;

/** The configured model specs break rules; thrown at start-up, so the service does not start with them. */
public class InvalidModelSpecsException extends InvalidRequestException {

    public InvalidModelSpecsException(List<String> problems) {
        super("invalid model specs:\n  " + String.join("\n  ", problems));
    }
}
