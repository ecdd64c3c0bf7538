package dev.treeline.tuning.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.treeline.events.DatasetSchema;

/**
 * A regression table with two numeric and three categorical columns, written as data-prep writes it (category
 * codes). Each category's effect is drawn at random, so it is not monotonic in the code: a threshold on the codes
 * (the columns read as ordinal numbers) needs many splits where one categorical split (a set of categories) does.
 */
public final class CategoricalData {

    /** Categories of c0, c1, c2. */
    public static final int[] CATEGORIES = {12, 10, 8};
    public static final List<String> FEATURES = List.of("x0", "x1", "c0", "c1", "c2");
    private static final double[][] EFFECTS = effects();

    private CategoricalData() {
    }

    private static double[][] effects() {
        Random r = new Random(2026);
        double[][] out = new double[CATEGORIES.length][];
        for (int c = 0; c < CATEGORIES.length; c++) {
            out[c] = new double[CATEGORIES[c]];
            for (int v = 0; v < CATEGORIES[c]; v++) {
                // alternating signs keep neighbouring codes far apart
                out[c][v] = (v % 2 == 0 ? 1 : -1) * (1 + 2 * r.nextDouble());
            }
        }
        return out;
    }

    /** y = 2 x0 + sin(3 x1) + the three categories' effects + noise; about 2% of c0 is missing (no effect). */
    public static String csv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextDouble();
            double x1 = r.nextDouble();
            int[] codes = new int[CATEGORIES.length];
            double y = 2 * x0 + Math.sin(3 * x1) + 0.1 * r.nextGaussian();
            boolean missing = r.nextDouble() < 0.02;
            for (int c = 0; c < CATEGORIES.length; c++) {
                codes[c] = r.nextInt(CATEGORIES[c]);
                if (!(c == 0 && missing)) {
                    y += EFFECTS[c][codes[c]];
                }
            }
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s,%d,%d%n", y, x0, x1,
                    missing ? "" : Integer.toString(codes[0]), codes[1], codes[2]));
        }
        return sb.toString();
    }

    /** The schema with c0..c2 categorical (their values "c0_v0", ...). */
    public static DatasetSchema categoricalSchema() {
        List<DatasetSchema.Feature> features = new ArrayList<>();
        features.add(DatasetSchema.Feature.numeric("x0"));
        features.add(DatasetSchema.Feature.numeric("x1"));
        for (int c = 0; c < CATEGORIES.length; c++) {
            List<String> values = new ArrayList<>();
            for (int v = 0; v < CATEGORIES[c]; v++) {
                values.add("c" + c + "_v" + v);
            }
            features.add(DatasetSchema.Feature.categorical("c" + c, values));
        }
        return new DatasetSchema(DatasetSchema.VERSION, features, new DatasetSchema.Label("label", List.of()), null,
                null);
    }

    /** The same columns read as numbers: the codes encoded by hand as ordinals. */
    public static DatasetSchema ordinalSchema() {
        return DatasetSchema.numeric("label", FEATURES);
    }
}
