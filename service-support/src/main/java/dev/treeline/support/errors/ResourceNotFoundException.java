package dev.treeline.support.errors;

/** The thing named does not exist (a model, a run, a version, a user). */
public non-sealed class ResourceNotFoundException extends DomainException {

    public ResourceNotFoundException(String message) {
        super(message, null, null);
    }

    @Override
    public String title() {
        return "Not Found";
    }
}
