package dev.treeline.tuning.job;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treeline.events.DatasetSchema;
import dev.treeline.tuning.training.CsvMatrix;

/**
 * The category codes that occur in a job's training split, per categorical feature
 * ({@value DatasetSchema#TRAINED_CODES_ATTRIBUTE}). The dictionary a dataset carries holds every value the model's
 * runs ever coded, including values only earlier runs, or only this run's validation and test rows, had: the model
 * never learnt anything about those, so the deployer must treat them as unseen (missing), not as a category.
 */
final class TrainedCodes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainedCodes() {
    }

    /** Feature name → sorted codes present in {@code train}; empty when the schema has no categorical feature. */
    static Map<String, List<Integer>> of(CsvMatrix train, DatasetSchema schema) {
        Map<String, List<Integer>> codes = new LinkedHashMap<>();
        List<DatasetSchema.Feature> features = schema.features();
        for (int f = 0; f < features.size(); f++) {
            if (!features.get(f).isCategorical()) {
                continue;
            }
            BitSet seen = new BitSet(features.get(f).categories().size());
            float[] values = train.features();
            for (int i = f; i < values.length; i += train.columns()) {
                float v = values[i];
                if (v == v) { // NaN is missing, not a code
                    seen.set((int) v);
                }
            }
            codes.put(features.get(f).name(), seen.stream().boxed().toList());
        }
        return codes;
    }

    /** {@link #of} as the attribute's JSON; null when there is no categorical feature (the attribute is then left out). */
    static String json(CsvMatrix train, DatasetSchema schema) {
        Map<String, List<Integer>> codes = of(train, schema);
        if (codes.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(codes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
