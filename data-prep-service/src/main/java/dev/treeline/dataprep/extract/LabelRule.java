package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import dev.treeline.events.definition.Objectives;

/**
 * What values a label may take for an objective: 0 or 1 for binary classification, class indexes 0..k-1 for
 * multi-class, counts for {@code count:poisson}, positive numbers for {@code reg:gamma}, and so on. XGBoost would
 * refuse such a label deep inside a tuning job (or, worse, learn nonsense); checked here, the run fails at once
 * with the value and the rule, and the dry run reports it on its sample. A pure function.
 */
public final class LabelRule {

    /** Class indexes above this are a mistake (an id as the label), not a task with that many classes. */
    public static final int MAX_CLASSES = 1_000;

    private final String objective;
    private final Kind kind;

    private enum Kind {
        ANY, ZERO_OR_ONE, CLASS_INDEX, NON_NEGATIVE, POSITIVE, UNIT_INTERVAL, ABOVE_MINUS_ONE
    }

    private LabelRule(String objective, Kind kind) {
        this.objective = objective;
        this.kind = kind;
    }

    /** The rule of an objective; an unknown objective has none (the definition's validation refuses it). */
    public static LabelRule of(String objective) {
        Kind kind = Objectives.find(objective).map(o -> switch (o.family()) {
            case BINARY -> Kind.ZERO_OR_ONE;
            case MULTICLASS -> Kind.CLASS_INDEX;
            case COUNT -> Kind.NON_NEGATIVE;
            case POSITIVE -> "reg:gamma".equals(objective) ? Kind.POSITIVE : Kind.NON_NEGATIVE;
            case RANKING -> Kind.NON_NEGATIVE;
            case REGRESSION -> switch (objective) {
                case "reg:logistic" -> Kind.UNIT_INTERVAL;
                case "reg:squaredlogerror" -> Kind.ABOVE_MINUS_ONE;
                default -> Kind.ANY;
            };
        }).orElse(Kind.ANY);
        return new LabelRule(objective, kind);
    }

    /** False when every number is a fine label (plain regression): the extraction then parses nothing. */
    public boolean constrains() {
        return kind != Kind.ANY;
    }

    /**
     * Why {@code text} (a label as the warehouse wrote it) is no label for this objective; empty when it is. Runs per
     * row of an extraction: a plain decimal of at most {@value #PLAIN_DIGITS} digits ({@code 1}, {@code 0.25},
     * {@code -3.000}, what the warehouse writes for integers, numerics and most doubles) is judged from its bytes,
     * without a String; anything else (an exponent, more digits) is parsed as a double.
     */
    public Optional<String> problem(byte[] text) {
        if (kind == Kind.ANY) {
            return Optional.empty();
        }
        int plain = plainFits(text);
        if (plain == FITS) {
            return Optional.empty();
        }
        return plain == DOES_NOT_FIT ? Optional.of(doesNotFit(new String(text, StandardCharsets.US_ASCII)))
                : parsedProblem(text);
    }

    /**
     * At most 15 digits: every such decimal converts to a distinct double (DBL_DIG), in order, so comparing its digits
     * with the integer bounds of the rules decides exactly what comparing {@code Double.parseDouble}'s value does.
     */
    static final int PLAIN_DIGITS = 15;
    private static final int FITS = 1;
    private static final int DOES_NOT_FIT = 0;
    static final int NOT_PLAIN = -1;
    private static final long[] POWERS_OF_TEN = new long[PLAIN_DIGITS + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** FITS or DOES_NOT_FIT for {@code -?digits(.digits)?} of at most PLAIN_DIGITS digits, NOT_PLAIN otherwise. */
    int plainFits(byte[] text) {
        int n = text.length;
        boolean negative = n > 0 && text[0] == '-';
        long mantissa = 0;
        int digits = 0;
        int scale = -1; // digits after the point; -1 without one
        for (int i = negative ? 1 : 0; i < n; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                if (++digits > PLAIN_DIGITS) {
                    return NOT_PLAIN;
                }
                mantissa = mantissa * 10 + (b - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (b == '.' && scale < 0 && digits > 0) {
                scale = 0;
            } else {
                return NOT_PLAIN;
            }
        }
        if (digits == 0 || scale == 0) {
            return NOT_PLAIN;
        }
        long one = POWERS_OF_TEN[Math.max(scale, 0)]; // the value is (negative ? -1 : 1) * mantissa / one
        boolean atLeastZero = !negative || mantissa == 0; // -0 is 0, as for the double
        boolean fits = switch (kind) {
            case ANY -> true;
            case ZERO_OR_ONE -> mantissa == 0 || (!negative && mantissa == one);
            case CLASS_INDEX -> atLeastZero && mantissa < MAX_CLASSES * one && mantissa % one == 0;
            case NON_NEGATIVE -> atLeastZero;
            case POSITIVE -> !negative && mantissa > 0;
            case UNIT_INTERVAL -> atLeastZero && mantissa <= one;
            case ABOVE_MINUS_ONE -> !negative || mantissa < one;
        };
        return fits ? FITS : DOES_NOT_FIT;
    }

    /** The same judgement through {@code Double.parseDouble}: for what {@link #plainFits} does not take. */
    Optional<String> parsedProblem(byte[] text) {
        if (kind == Kind.ANY) {
            return Optional.empty();
        }
        String value = new String(text, StandardCharsets.US_ASCII);
        double label;
        try {
            label = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Optional.of("label " + value + " is not a number");
        }
        boolean fits = switch (kind) {
            case ANY -> true;
            case ZERO_OR_ONE -> label == 0 || label == 1;
            case CLASS_INDEX -> label >= 0 && label < MAX_CLASSES && label == Math.rint(label);
            case NON_NEGATIVE -> label >= 0;
            case POSITIVE -> label > 0;
            case UNIT_INTERVAL -> label >= 0 && label <= 1;
            case ABOVE_MINUS_ONE -> label > -1;
        };
        return fits ? Optional.empty() : Optional.of(doesNotFit(value));
    }

    private String doesNotFit(String value) {
        return "label " + value + " does not fit " + objective + ", which needs " + needs();
    }

    private String needs() {
        return switch (kind) {
            case ANY -> "a number";
            case ZERO_OR_ONE -> "0 or 1 (a boolean works too)";
            case CLASS_INDEX -> "class indexes 0, 1, ..., k-1 (whole numbers below " + MAX_CLASSES + ")";
            case NON_NEGATIVE -> "numbers >= 0";
            case POSITIVE -> "numbers > 0";
            case UNIT_INTERVAL -> "numbers from 0 to 1";
            case ABOVE_MINUS_ONE -> "numbers > -1";
        };
    }

    @Override
    public String toString() {
        return "LabelRule[" + objective + ": " + kind.name().toLowerCase(Locale.ROOT) + "]";
    }
}
