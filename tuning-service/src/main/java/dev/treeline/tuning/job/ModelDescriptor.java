package dev.treeline.tuning.job;

import java.util.List;
import java.util.Map;

/**
 * {@code descriptor.json}, written next to {@code model.ubj}: what a consumer of the model needs to call it
 * correctly (feature order, objective) and to know how it was made.
 *
 * @param bestIteration   0-based round of the best validation score; the model holds exactly bestIteration + 1 rounds
 * @param hyperparameters the XGBoost parameters the shipped model was trained with (num_round = bestIteration + 1)
 */
public record ModelDescriptor(String model, String tuningJobName, String runId, String format, String modelFile,
                              String modelSha256, List<String> featureNames, String objective, String evalMetric,
                              String xgboostVersion, int bestIteration, Map<String, Object> hyperparameters) {
}
