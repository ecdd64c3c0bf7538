package dev.treeline.tuning.training;

import java.util.Locale;

import dev.treeline.events.DatasetSchema;

/**
 * What categorical features ask of training. XGBoost splits a feature of type {@code c} by sets of categories (or
 * one-hot when it has at most {@code max_cat_to_onehot} categories; {@code max_cat_threshold} bounds a split's
 * set), which only its histogram methods do: {@code hist} (forced unless the definition chose {@code approx});
 * {@code exact} cannot train categories at all, so it is refused before any trial runs.
 */
public final class CategoricalTraining {

    private CategoricalTraining() {
    }

    /**
     * @param treeMethod the {@code tree_method} a definition asks for (a static parameter), or null
     * @throws IllegalArgumentException naming the categorical features, when the schema has some and the method is
     *                                  not hist or approx
     */
    public static void checkTreeMethod(DatasetSchema schema, Object treeMethod) {
        if (treeMethod == null || !schema.hasCategoricalFeatures()) {
            return;
        }
        String method = treeMethod.toString().strip().toLowerCase(Locale.ROOT);
        if (!method.equals("hist") && !method.equals("approx") && !method.equals("auto")) {
            throw new IllegalArgumentException("tree_method '" + treeMethod + "' cannot train categorical features ("
                    + String.join(", ", schema.features().stream().filter(DatasetSchema.Feature::isCategorical)
                    .map(DatasetSchema.Feature::name).toList()) + "): XGBoost splits categories only with hist or"
                    + " approx; set tuning.static-parameters.tree_method to hist or approx, or leave it out (hist)");
        }
    }
}
