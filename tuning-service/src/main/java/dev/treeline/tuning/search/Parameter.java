package dev.treeline.tuning.search;

/** One named dimension of a {@link SearchSpace}. */
public sealed interface Parameter permits NumericParameter, StaticParameter {

    String name();

    /** Shared by the records' compact constructors so every message names the parameter the same way. */
    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
    }
}
