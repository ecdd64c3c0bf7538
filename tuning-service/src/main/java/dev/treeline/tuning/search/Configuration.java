package dev.treeline.tuning.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a search space: an immutable, insertion-ordered map from parameter name to value
 * ({@link Integer} for integer parameters, {@link Double} for continuous ones, static values as given).
 */
public final class Configuration {

    private final Map<String, Object> values;

    private Configuration(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Configuration of(Map<String, ?> values) {
        if (values == null) {
            throw new IllegalArgumentException("configuration values must not be null");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("configuration must not contain null names or values: " + name);
            }
            copy.put(name, value);
        });
        return new Configuration(copy);
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public double getDouble(String name) {
        Object v = values.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not numeric in " + this);
        }
        return n.doubleValue();
    }

    public int getInt(String name) {
        Object v = values.get(name);
        if (!(v instanceof Integer i)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not an integer in " + this);
        }
        return i;
    }

    /**
     * True if every parameter of {@code space} is present with the right type and within its bounds (static
     * parameters must equal their fixed value) and there are no names the space does not know.
     */
    public boolean contains(SearchSpace space) {
        if (values.size() != space.size()) {
            return false;
        }
        for (Parameter p : space.parameters()) {
            Object v = values.get(p.name());
            boolean ok = p instanceof NumericParameter n ? n.accepts(v) : ((StaticParameter) p).value().equals(v);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The nearest configuration inside {@code space}, in the space's order: numbers are clamped (and rounded for
     * integer parameters), static parameters take the space's value, names the space does not know are dropped.
     *
     * @throws IllegalArgumentException if a searched parameter is missing or not numeric
     */
    public Configuration clipTo(SearchSpace space) {
        Map<String, Object> clipped = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            Object v = values.get(p.name());
            if (p instanceof NumericParameter n) {
                if (v == null) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' is missing from " + this);
                }
                clipped.put(p.name(), n.clip(v));
            } else {
                clipped.put(p.name(), ((StaticParameter) p).value());
            }
        }
        return new Configuration(clipped);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
