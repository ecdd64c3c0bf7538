package dev.treeline.tuning.search;

/** A real-valued parameter in {@code [min, max]}, values are {@link Double}. LOG scale requires {@code min > 0}. */
public record ContinuousParameter(String name, double min, double max, Scale scale) implements NumericParameter {

    public ContinuousParameter {
        Parameter.requireName(name);
        if (scale == null) {
            throw new IllegalArgumentException("parameter '" + name + "': scale must not be null");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("parameter '" + name + "': bounds must be finite, got [" + min + ", " + max + "]");
        }
        if (min >= max) {
            throw new IllegalArgumentException("parameter '" + name + "': min " + min + " must be < max " + max);
        }
        if (scale == Scale.LOG && min <= 0) {
            throw new IllegalArgumentException("parameter '" + name + "': LOG scale needs min > 0, got " + min);
        }
    }

    public static ContinuousParameter linear(String name, double min, double max) {
        return new ContinuousParameter(name, min, max, Scale.LINEAR);
    }

    public static ContinuousParameter log(String name, double min, double max) {
        return new ContinuousParameter(name, min, max, Scale.LOG);
    }

    private double forward(double x) {
        return scale == Scale.LOG ? Math.log(x) : x;
    }

    @Override
    public double transformedLower() {
        return forward(min);
    }

    @Override
    public double transformedUpper() {
        return forward(max);
    }

    @Override
    public double toTransformed(Number value) {
        return forward(value.doubleValue());
    }

    @Override
    public Object fromTransformed(double transformed) {
        double x = scale == Scale.LOG ? Math.exp(transformed) : transformed;
        // exp(log(x)) can land an ulp outside the bounds
        return clamp(x);
    }

    private Double clamp(double x) {
        return Math.max(min, Math.min(max, x));
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof Double d && d >= min && d <= max;
    }

    @Override
    public Object clip(Object value) {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("parameter '" + name + "': expected a finite number, got " + value);
        }
        return clamp(n.doubleValue());
    }
}
