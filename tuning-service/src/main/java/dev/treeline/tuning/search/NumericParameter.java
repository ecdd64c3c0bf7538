package dev.treeline.tuning.search;

/**
 * A searched parameter. Optimisers work in a "transformed" space (identity for LINEAR, logarithm for LOG) where
 * sampling uniformly and fitting Gaussian kernels is meaningful; these methods map in and out of that space.
 */
public sealed interface NumericParameter extends Parameter permits IntegerParameter, ContinuousParameter {

    Scale scale();

    /** Lower bound of the transformed interval that optimisers sample from. */
    double transformedLower();

    /** Upper bound of the transformed interval that optimisers sample from. */
    double transformedUpper();

    /** Maps a value of this parameter (a Number) into the transformed space. */
    double toTransformed(Number value);

    /** Maps a transformed value back to a legal value (Integer or Double), rounding and clamping to the bounds. */
    Object fromTransformed(double transformed);

    /** True if {@code value} has the right type and lies within the bounds. */
    boolean accepts(Object value);

    /** The nearest legal value to {@code value}; throws IllegalArgumentException if it is not a finite number. */
    Object clip(Object value);
}
