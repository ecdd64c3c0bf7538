package dev.treeline.deployer.invocation;

/**
 * An InvokeEndpoint failure in SageMaker Runtime's terms: the error code goes in the
 * {@code x-amzn-ErrorType} header and the message in the JSON body, which is what the AWS SDKs read to
 * pick the exception type (ValidationErrorException, ModelErrorException, ...).
 */
public class InvocationError extends RuntimeException {

    public static final String VALIDATION = "ValidationError";
    public static final String MODEL = "ModelError";
    public static final String INTERNAL = "InternalFailure";

    private final int status;
    private final String errorType;

    public InvocationError(int status, String errorType, String message) {
        super(message);
        this.status = status;
        this.errorType = errorType;
    }

    public static InvocationError validation(String message) {
        return new InvocationError(400, VALIDATION, message);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }
}
