package dev.treeline.dataprep.extract;

import dev.treeline.support.errors.InvalidRequestException;

/** A spec's query cannot be bound: an unknown parameter, a {@code ?} placeholder, an unterminated literal. */
public final class InvalidQueryException extends InvalidRequestException {

    InvalidQueryException(String message) {
        super(message);
    }
}
