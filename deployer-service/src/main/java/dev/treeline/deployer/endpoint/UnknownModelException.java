package dev.treeline.deployer.endpoint;

/** The model source knows no deployable version for this model group. */
public class UnknownModelException extends RuntimeException {

    private final String modelGroup;

    public UnknownModelException(String modelGroup) {
        super("no deployed version for model group '" + modelGroup + "'");
        this.modelGroup = modelGroup;
    }

    public String modelGroup() {
        return modelGroup;
    }
}
