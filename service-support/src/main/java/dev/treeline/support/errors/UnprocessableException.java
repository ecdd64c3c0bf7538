package dev.treeline.support.errors;

/** The request is well formed but what it points at cannot be used (an artifact whose hash does not match). */
public non-sealed class UnprocessableException extends DomainException {

    public UnprocessableException(String message) {
        super(message, null, null);
    }

    public UnprocessableException(String message, Throwable cause) {
        super(message, null, cause);
    }

    @Override
    public String title() {
        return "Unprocessable request";
    }
}
