package dev.treeline.tuning.job;

import java.nio.charset.StandardCharsets;

import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The bytes of the model a job ships ({@code model.ubj}): the Booster as UBJSON carrying the dataset schema as the
 * attribute {@value DatasetSchema#BOOSTER_ATTRIBUTE} (its JSON, {@link DatasetSchema#toJson}) and the schema's
 * feature names and types ({@code q}/{@code c}) in the model's {@code learner.feature_names} /
 * {@code learner.feature_types}, so the artifact's SHA-256 covers the dictionaries a deployer maps raw values with.
 */
final class ShippedModel {

    private ShippedModel() {
    }

    static byte[] bytes(Booster model, DatasetSchema schema) throws XGBoostError {
        return bytes(model, schema, null);
    }

    /** @param trainedCodes {@link TrainedCodes#json}, stored as {@value DatasetSchema#TRAINED_CODES_ATTRIBUTE}; null: none */
    static byte[] bytes(Booster model, DatasetSchema schema, String trainedCodes) throws XGBoostError {
        model.setAttr(DatasetSchema.BOOSTER_ATTRIBUTE, new String(schema.toJson(), StandardCharsets.UTF_8));
        if (trainedCodes != null) {
            model.setAttr(DatasetSchema.TRAINED_CODES_ATTRIBUTE, trainedCodes);
        }
        model.setFeatureNames(schema.featureNames().toArray(String[]::new));
        model.setFeatureTypes(schema.xgboostFeatureTypes());
        return model.toByteArray("ubj");
    }
}
