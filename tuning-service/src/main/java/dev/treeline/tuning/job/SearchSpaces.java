package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.treeline.tuning.search.ContinuousParameter;
import dev.treeline.tuning.search.IntegerParameter;
import dev.treeline.tuning.search.Parameter;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.StaticParameter;

/**
 * Builds a model's search space: the XGBoost default ranges, with configured ranges replacing (or adding)
 * searched parameters and static parameters replacing searched ones of the same name. Order is the default
 * order, then new parameters by name, so a seed keeps meaning the same thing.
 */
public final class SearchSpaces {

    private SearchSpaces() {
    }

    public static SearchSpace forModel(TuningConfig.ModelTuning tuning) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : SearchSpace.xgboostDefaults().parameters()) {
            byName.put(p.name(), p);
        }
        tuning.ranges().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            TuningConfig.Range r = e.getValue();
            String name = e.getKey();
            byName.put(name, r.integer()
                    ? new IntegerParameter(name, toInt(name, r.min()), toInt(name, r.max()), r.scale())
                    : new ContinuousParameter(name, r.min(), r.max(), r.scale()));
        });
        tuning.staticParameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byName.put(e.getKey(), new StaticParameter(e.getKey(), staticValue(e.getValue()))));
        List<Parameter> parameters = new ArrayList<>(byName.values());
        return SearchSpace.of(parameters);
    }

    /** "3" is an integer, "0.5" a double, anything else (e.g. "hist") stays text. */
    static Object staticValue(String text) {
        String t = text.strip();
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException notInt) {
            try {
                return Double.valueOf(t);
            } catch (NumberFormatException notDouble) {
                return t;
            }
        }
    }

    private static int toInt(String name, double v) {
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException("integer parameter '" + name + "' needs whole bounds, got " + v);
        }
        return (int) v;
    }
}
