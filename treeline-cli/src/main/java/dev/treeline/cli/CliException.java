package dev.treeline.cli;

/** A failure to report to the person in one line, with the exit code scripts can test. */
final class CliException extends RuntimeException {

    static final int NOT_FOUND = 3;
    static final int UNAUTHORIZED = 4;
    static final int CONFLICT = 5;
    static final int UNREACHABLE = 6;
    static final int SERVER_ERROR = 7;
    static final int BAD_REQUEST = 8;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
