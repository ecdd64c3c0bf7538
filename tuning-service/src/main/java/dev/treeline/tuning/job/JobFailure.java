package dev.treeline.tuning.job;

/** Ends a job as FAILED with a reason meant for people (the reason is stored and published in RunFailed). */
public class JobFailure extends RuntimeException {

    public JobFailure(String reason) {
        super(reason);
    }

    public JobFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
