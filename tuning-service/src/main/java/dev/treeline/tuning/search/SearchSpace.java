package dev.treeline.tuning.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered set of parameters a tuning job explores. Order matters: optimisers consume random numbers parameter
 * by parameter in this order, which is what makes runs reproducible from a seed.
 */
public final class SearchSpace {

    private final List<Parameter> parameters;

    private SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** Validates that the list is non-empty, has no nulls and no duplicate names. */
    public static SearchSpace of(List<? extends Parameter> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("search space needs at least one parameter");
        }
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (p == null) {
                throw new IllegalArgumentException("search space must not contain null parameters");
            }
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
        }
        return new SearchSpace(new ArrayList<>(parameters));
    }

    public static SearchSpace of(Parameter... parameters) {
        return of(parameters == null ? List.of() : List.of(parameters));
    }

    /** The XGBoost ranges the platform tunes by default (mirrors the usual SageMaker/Hyperopt XGBoost ranges). */
    public static SearchSpace xgboostDefaults() {
        return of(
                ContinuousParameter.log("eta", 0.1, 0.5),
                IntegerParameter.linear("max_depth", 0, 10),
                IntegerParameter.linear("num_round", 1, 4000),
                ContinuousParameter.log("subsample", 0.5, 1.0),
                ContinuousParameter.log("colsample_bylevel", 0.1, 1.0),
                ContinuousParameter.log("colsample_bytree", 0.5, 1.0),
                ContinuousParameter.linear("alpha", 0, 1000),
                ContinuousParameter.linear("lambda", 0, 100),
                IntegerParameter.linear("max_delta_step", 0, 10),
                ContinuousParameter.linear("min_child_weight", 0, 10),
                ContinuousParameter.linear("gamma", 0, 5));
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public List<NumericParameter> numericParameters() {
        return parameters.stream()
                .filter(NumericParameter.class::isInstance)
                .map(NumericParameter.class::cast)
                .toList();
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return parameters.stream().map(Parameter::name).toList();
    }

    public int size() {
        return parameters.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace other && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return parameters.hashCode();
    }

    @Override
    public String toString() {
        return "SearchSpace" + parameters;
    }
}
