package dev.treeline.tuning.job;

import java.util.List;
import java.util.Map;

import dev.treeline.events.DatasetSchema;

/**
 * {@code descriptor.json}, written next to {@code model.ubj}: what a consumer of the model needs to call it
 * correctly (feature order, objective) and to know how it was made.
 *
 * @param bestIteration   0-based round of the best validation score; the model holds exactly bestIteration + 1 rounds
 * @param hyperparameters the XGBoost parameters the shipped model was trained with (num_round = bestIteration + 1)
 * @param schema          what the model's inputs and label mean (category and class dictionaries); the same JSON as
 *                        the model's Booster attribute {@value DatasetSchema#BOOSTER_ATTRIBUTE}
 */
public record ModelDescriptor(String model, String tuningJobName, String runId, String format, String modelFile,
                              String modelSha256, List<String> featureNames, String objective, String evalMetric,
                              String xgboostVersion, int bestIteration, Map<String, Object> hyperparameters,
                              DatasetSchema schema) {
}
