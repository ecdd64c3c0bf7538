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

    public static CsvMatrix matrix(Path dir, String name, String csv, int features) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return CsvMatrix.read(file, features);
    }
}
