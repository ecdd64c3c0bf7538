package dev.treeline.tuning.training;

import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost refused or failed a training. The message is XGBoost's own reason without the native log prefix and
 * stack trace, so it reads well in a trial's failure reason.
 */
public class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(XGBoostError cause) {
        super(reason(cause.getMessage()), cause);
    }

    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "XGBoost failed without a message";
        }
        String text = message;
        int trace = text.indexOf("Stack trace:");
        if (trace >= 0) {
            text = text.substring(0, trace);
        }
        // "[20:50:40] /workspace/src/tree/updater_colmaker.cc:179: Check failed: ..." -> "Check failed: ..."
        text = text.replaceFirst("^\\s*\\[\\d{2}:\\d{2}:\\d{2}\\]\\s*\\S+:\\d+:\\s*", "");
        return text.strip().replaceAll("\\s*\\n\\s*", "; ");
    }
}
