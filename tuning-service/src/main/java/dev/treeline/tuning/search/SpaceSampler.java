package dev.treeline.tuning.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Uniform sampling in the transformed space: log-uniform for LOG parameters, uniform over integers for ints. */
final class SpaceSampler {

    private SpaceSampler() {
    }

    static Configuration sampleUniform(SearchSpace space, Random rng) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            if (p instanceof NumericParameter n) {
                double lo = n.transformedLower();
                double hi = n.transformedUpper();
                values.put(p.name(), n.fromTransformed(lo + rng.nextDouble() * (hi - lo)));
            } else {
                values.put(p.name(), ((StaticParameter) p).value());
            }
        }
        return Configuration.of(values);
    }
}
