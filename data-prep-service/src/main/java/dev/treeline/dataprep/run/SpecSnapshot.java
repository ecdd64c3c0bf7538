package dev.treeline.dataprep.run;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.treeline.dataprep.spec.ModelSpecs;

/** The spec as it was when a run was requested, kept on the run: specs change, lineage must not. */
final class SpecSnapshot {

    private SpecSnapshot() {
    }

    static Map<String, Object> of(ModelSpecs.ModelSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layer", spec.layer());
        m.put("objective", spec.objective());
        m.put("query", spec.query());
        m.put("window", Map.of("start", spec.window().start().toString(), "pushbackDays",
                spec.window().pushbackDays()));
        m.put("labelColumn", spec.labelColumn());
        m.put("featureColumns", spec.featureColumns().orElse(null));
        m.put("split", Map.of("train", spec.split().train(), "validation", spec.split().validation(), "test",
                spec.split().test(), "hashColumn", spec.split().hashColumn()));
        m.put("schedule", spec.schedule().orElse(null));
        m.put("drift", Map.of("threshold", spec.drift().threshold(), "cooldown", spec.drift().cooldown().toString()));
        return m;
    }
}
