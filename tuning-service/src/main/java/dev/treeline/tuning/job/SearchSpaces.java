package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.treeline.events.definition.TuningSection;
import dev.treeline.tuning.search.ContinuousParameter;
import dev.treeline.tuning.search.IntegerParameter;
import dev.treeline.tuning.search.Parameter;
import dev.treeline.tuning.search.Scale;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.StaticParameter;

/**
 * Builds a job's search space from its tuning section: the XGBoost default ranges, with the section's ranges
 * replacing (or adding) searched parameters and its static parameters replacing searched ones of the same name.
 * Order is the default order, then new parameters by name, so a seed keeps meaning the same thing.
 */
public final class SearchSpaces {

    private SearchSpaces() {
    }

    /**
     * @throws IllegalArgumentException naming the parameter, when a range is one the search space rejects (min not
     *                                  below max, LOG scale from 0 or below, an integer range with fractional bounds)
     */
    public static SearchSpace forSection(TuningSection tuning) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : SearchSpace.xgboostDefaults().parameters()) {
            byName.put(p.name(), p);
        }
        tuning.ranges().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            TuningSection.RangeSpec r = e.getValue();
            String name = e.getKey();
            Scale scale = scale(r.scale());
            byName.put(name, r.integer()
                    ? new IntegerParameter(name, toInt(name, r.min()), toInt(name, r.max()), scale)
                    : new ContinuousParameter(name, r.min(), r.max(), scale));
        });
        tuning.staticParameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byName.put(e.getKey(), new StaticParameter(e.getKey(), staticValue(e.getValue()))));
        List<Parameter> parameters = new ArrayList<>(byName.values());
        return SearchSpace.of(parameters);
    }

    static Scale scale(TuningSection.Scale scale) {
        return switch (scale) {
            case LINEAR -> Scale.LINEAR;
            case LOG -> Scale.LOG;
        };
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
