package dev.treeline.cli;

/** A failure to report to the person in one line, with the exit code scripts can test. */
final class CliException extends RuntimeException {

    /** A definition is invalid (models apply, validate): every problem was printed, nothing applied. */
    static final int INVALID = 1;
    static final int NOT_FOUND = 3;
    static final int UNAUTHORIZED = 4;
    static final int CONFLICT = 5;
    static final int UNREACHABLE = 6;
    static final int SERVER_ERROR = 7;
    static final int BAD_REQUEST = 8;

    private final int exitCode;
    /** The service's problem details, when it answered with some (violations of a 400, for instance). */
    private final transient com.fasterxml.jackson.databind.JsonNode problem;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, com.fasterxml.jackson.databind.JsonNode problem) {
        super(message);
        this.exitCode = exitCode;
        this.problem = problem;
    }

    /** The problem details the service answered with, or null. */
    com.fasterxml.jackson.databind.JsonNode problem() {
        return problem;
    }

    int exitCode() {
        return exitCode;
    }
}
