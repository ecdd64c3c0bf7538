package dev.treeline.tuning.training;

import dev.treeline.support.errors.InvalidRequestException;

/** An objective this service has no validation metric and test evaluation for. */
public class UnsupportedObjectiveException extends InvalidRequestException {

    public UnsupportedObjectiveException(String objective) {
        super("objective '" + objective + "' is not supported: use a reg:* objective (scored by rmse) or"
                + " binary:logistic (scored by logloss)");
    }
}
