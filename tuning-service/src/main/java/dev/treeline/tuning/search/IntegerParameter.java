package dev.treeline.tuning.search;

/**
 * An integer parameter in {@code [min, max]}, values are {@link Integer}.
 *
 * <p>Optimisers sample a continuous value over {@code [min - 0.5, max + 0.5]} (in transformed space) and round it, so
 * every integer, including the end points, gets an equally wide bucket.
 *
 * <p>LOG scale uses {@code log(x)} when {@code min >= 1}; when {@code min == 0} it uses {@code log(x + 1)} because
 * log(0) is undefined (so 0, 1, 3, 7 ... are roughly equally spaced). Negative minima are rejected for LOG.
 */
public record IntegerParameter(String name, int min, int max, Scale scale) implements NumericParameter {

    public IntegerParameter {
        Parameter.requireName(name);
        if (scale == null) {
            throw new IllegalArgumentException("parameter '" + name + "': scale must not be null");
        }
        if (min > max) {
            throw new IllegalArgumentException("parameter '" + name + "': min " + min + " must be <= max " + max);
        }
        if (scale == Scale.LOG && min < 0) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "': LOG scale needs min >= 0 (log(x+1) is used when min is 0), got " + min);
        }
    }

    public static IntegerParameter linear(String name, int min, int max) {
        return new IntegerParameter(name, min, max, Scale.LINEAR);
    }

    public static IntegerParameter log(String name, int min, int max) {
        return new IntegerParameter(name, min, max, Scale.LOG);
    }

    /** 1 when log(x+1) is needed because min is 0, otherwise 0. */
    private double logOffset() {
        return min == 0 ? 1.0 : 0.0;
    }

    private double forward(double x) {
        return scale == Scale.LOG ? Math.log(x + logOffset()) : x;
    }

    private double backward(double t) {
        return scale == Scale.LOG ? Math.exp(t) - logOffset() : t;
    }

    @Override
    public double transformedLower() {
        return forward(min - 0.5);
    }

    @Override
    public double transformedUpper() {
        return forward(max + 0.5);
    }

    @Override
    public double toTransformed(Number value) {
        return forward(value.doubleValue());
    }

    @Override
    public Object fromTransformed(double transformed) {
        return clampRound(backward(transformed));
    }

    private Integer clampRound(double x) {
        long rounded = Math.round(x);
        return (int) Math.max(min, Math.min(max, rounded));
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof Integer i && i >= min && i <= max;
    }

    @Override
    public Object clip(Object value) {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("parameter '" + name + "': expected an integer, got " + value);
        }
        return clampRound(n.doubleValue());
    }
}
