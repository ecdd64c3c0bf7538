package dev.treeline.tuning.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /**
     * A ranking table (label, group id, x0, x1): query groups of 8 rows, relevance 0..{@code maxRelevance} from x0
     * plus noise; rows shuffled, so a group's rows are not contiguous (as data-prep writes them).
     */
    public static String rankingCsv(int groups, long seed, int maxRelevance) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < 8; i++) {
                double x0 = r.nextDouble();
                double x1 = r.nextDouble();
                int rel = (int) Math.max(0, Math.min(maxRelevance, Math.floor((maxRelevance + 1) * x0
                        + 0.5 * r.nextGaussian())));
                lines.add(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f", rel, g, x0, x1));
            }
        }
        Collections.shuffle(lines, r);
        return String.join("\n", lines) + "\n";
    }

    /** {@link #multiclassCsv} with a weight column after the label: rows of class 0 weigh 2, the others 1. */
    public static String weightedMulticlassCsv(int rows, long seed, int k) {
        StringBuilder sb = new StringBuilder();
        for (String line : multiclassCsv(rows, seed, k).split("\n")) {
            int comma = line.indexOf(',');
            String label = line.substring(0, comma);
            sb.append(label).append(',').append("0".equals(label) ? "2" : "1").append(line.substring(comma))
                    .append('\n');
        }
        return sb.toString();
    }

    public static CsvMatrix matrix(Path dir, String name, String csv, int features) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return CsvMatrix.read(file, features);
    }
}
