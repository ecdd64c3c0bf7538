package dev.treeline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark figure from repeated measurements: its median and its spread (min-max). A shared machine makes single
 * runs noisy, so every figure is reported this way.
 */
public record Spread(double median, double min, double max, List<Double> values) {

    public Spread {
        values = List.copyOf(values);
    }

    /** The median (the mean of the two middle values for an even count), min and max of {@code values}. */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), values);
    }

    /** Element-wise ratio of two series measured in the same repetitions (a[i] / b[i]). */
    public static Spread ratios(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(a.size() + " vs " + b.size() + " measurements");
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return of(ratios);
    }

    /** e.g. {@code "47822 (41010-50112)"} for the pattern {@code "%.0f"}. */
    public String format(String pattern) {
        return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median, min, max);
    }
}
