package dev.treeline.tuning.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Small fixed-seed datasets in data-prep's CSV layout (no header, label first). */
public final class SyntheticData {

    private SyntheticData() {
    }

    /** y = 3 x0 + sin(4 x1) + shift * x2 + noise; {@code shift} moves the relation between windows. */
    public static String regressionCsv(int rows, long seed, double shift) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextDouble();
            double x1 = r.nextDouble();
            double x2 = r.nextDouble() + shift;
            double y = 3 * x0 + Math.sin(4 * x1) + shift * x2 + 0.1 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", y, x0, x1, x2));
        }
        return sb.toString();
    }

    /** Label 1 when a noisy linear score is positive. */
    public static String binaryCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            int y = 2 * x0 - x1 + 0.5 * r.nextGaussian() > 0 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", y, x0, x1));
        }
        return sb.toString();
    }

    /** Class 0..k-1 of the noisy angle of (x0, x1): k sectors, learnable by shallow trees. */
    public static String multiclassCsv(int rows, long seed, int k) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            double angle = Math.atan2(x1, x0) + Math.PI + 0.2 * r.nextGaussian();
            int y = Math.floorMod((int) Math.floor(angle / (2 * Math.PI) * k), k);
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", y, x0, x1));
        }
        return sb.toString();
    }

    /** Poisson counts with log-mean 0.5 + x0 - 0.5 x1 (labels 0, 1, 2, ...). */
    public static String countCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextDouble();
            double x1 = r.nextDouble();
            double mean = Math.exp(0.5 + x0 - 0.5 * x1);
            // Knuth's Poisson sampler: fine for small means
            double limit = Math.exp(-mean);
            int y = -1;
            double p = 1;
            do {
                y++;
                p *= r.nextDouble();
            } while (p > limit);
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", y, x0, x1));
        }
        return sb.toString();
    }

    /** Positive targets (gamma-like): exp(x0 + 0.5 x1) times a positive noise factor in [0.5, 1.5). */
    public static String positiveCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextDouble();
            double x1 = r.nextDouble();
            double y = Math.exp(x0 + 0.5 * x1) * (0.5 + r.nextDouble());
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", y, x0, x1));
        }
        return sb.toString();
    }

    /** Targets in [0, 1] (reg:logistic): a noisy sigmoid of a linear score. */
    public static String probabilityCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            double y = 1 / (1 + Math.exp(-(2 * x0 - x1 + 0.3 * r.nextGaussian())));
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", y, x0, x1));
        }
        return sb.toString();
    }

    public static CsvMatrix matrix(Path dir, String name, String csv, int features) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return CsvMatrix.read(file, features);
    }
}
