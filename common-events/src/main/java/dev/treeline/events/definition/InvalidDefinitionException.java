package dev.treeline.events.definition;

/** A definition document that cannot be read or bound; the message says why (a 400 for the API). */
public class InvalidDefinitionException extends RuntimeException {

    public InvalidDefinitionException(String message) {
        super(message);
    }
}
