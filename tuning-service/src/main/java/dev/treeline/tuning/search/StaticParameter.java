package dev.treeline.tuning.search;

/** A fixed setting passed to every trial unchanged (e.g. the objective or tree method); never searched. */
public record StaticParameter(String name, Object value) implements Parameter {

    public StaticParameter {
        Parameter.requireName(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "': static value must not be null");
        }
    }
}
