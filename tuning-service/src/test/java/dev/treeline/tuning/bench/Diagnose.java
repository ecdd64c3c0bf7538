package dev.treeline.tuning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.treeline.tuning.job.JobSearch;
import dev.treeline.tuning.job.WarmStartPlan;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.NumericParameter;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.WarmStart;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.TrialTrainer;

/** Diagnosis of benchmark (b), per seed: parent best, parent configurations re-scored on window 2, cold winners. */
public final class Diagnose {

    public static void main(String[] args) throws Exception {
        long first = Long.parseLong(args.length > 0 ? args[0] : "1000");
        int seeds = Integer.parseInt(args.length > 1 ? args[1] : "5");
        int budget = 30;
        int rows = 4000;
        int threads = 2;
        SearchSpace space = SearchSpace.xgboostDefaults();
        Path work = Files.createTempDirectory("tuning-diag");
        for (long seed = first; seed < first + seeds; seed++) {
            CsvMatrix w1Train = CsvMatrix.read(Files.writeString(work.resolve("a"), TuningBenchmark.regression(rows, seed, 0)), 10);
            CsvMatrix w1Val = CsvMatrix.read(Files.writeString(work.resolve("b"), TuningBenchmark.regression(rows / 4, seed + 1, 0)), 10);
            CsvMatrix w2Train = CsvMatrix.read(Files.writeString(work.resolve("c"), TuningBenchmark.regression(rows, seed + 2, 1)), 10);
            CsvMatrix w2Val = CsvMatrix.read(Files.writeString(work.resolve("d"), TuningBenchmark.regression(rows / 4, seed + 3, 1)), 10);
            List<Trial> parent = new ArrayList<>();
            try (TrialTrainer t = new TrialTrainer(w1Train, w1Val, "reg:squarederror", threads, 10, seed, 1)) {
                JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(), WarmStartPlan.cold(),
                        budget, 1, seed, r -> r.toTrial().ifPresent(parent::add));
            }
            List<Trial> cold = new ArrayList<>();
            List<double[]> reScored = new ArrayList<>();
            try (TrialTrainer t = new TrialTrainer(w2Train, w2Val, "reg:squarederror", threads, 10, seed, 1)) {
                JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(), WarmStartPlan.cold(),
                        budget, 1, seed + 7, r -> r.toTrial().ifPresent(cold::add));
                List<Trial> sortedParent = new ArrayList<>(parent);
                sortedParent.sort(Comparator.comparingDouble(Trial::objective));
                for (Trial p : sortedParent) {
                    reScored.add(new double[] {p.objective(), t.train(p.config()).validationScore()});
                }
            }
            cold.sort(Comparator.comparingDouble(Trial::objective));
            System.out.printf(Locale.ROOT, "=== seed %d: parent best (w1) %.5f, cold best (w2) %.5f, target %.5f%n", seed,
                    parent.stream().mapToDouble(Trial::objective).min().orElseThrow(), cold.get(0).objective(),
                    1.01 * cold.get(0).objective());
            List<Trial> sortedParent = new ArrayList<>(parent);
            sortedParent.sort(Comparator.comparingDouble(Trial::objective));
            double bestW2 = Double.MAX_VALUE;
            int bestRank = -1;
            for (int i = 0; i < reScored.size(); i++) {
                if (reScored.get(i)[1] < bestW2) {
                    bestW2 = reScored.get(i)[1];
                    bestRank = i + 1;
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(10, reScored.size()); i++) {
                sb.append(String.format(Locale.ROOT, " %.3f->%.3f", reScored.get(i)[0], reScored.get(i)[1]));
            }
            System.out.println("parent top10 w1->w2:" + sb);
            System.out.printf(Locale.ROOT, "best parent config on w2: %.5f (parent rank %d); spearman(w1,w2) over parent %.2f%n",
                    bestW2, bestRank, spearman(reScored.stream().mapToDouble(d -> d[0]).toArray(),
                            reScored.stream().mapToDouble(d -> d[1]).toArray()));
            for (int i = 0; i < 3; i++) {
                System.out.println(" parent#" + (i + 1) + " " + fmt(sortedParent.get(i).config()));
            }
            for (int i = 0; i < 3; i++) {
                System.out.printf(Locale.ROOT, " cold#%d %.5f %s%n", i + 1, cold.get(i).objective(), fmt(cold.get(i).config()));
            }
            StringBuilder imp = new StringBuilder("spearman(param, loss) cold w2 / parent w1:");
            for (NumericParameter p : space.numericParameters()) {
                imp.append(String.format(Locale.ROOT, " %s %.2f/%.2f", p.name(), corr(cold, p), corr(parent, p)));
            }
            System.out.println(imp);
        }
    }

    static double corr(List<Trial> trials, NumericParameter p) {
        double[] x = trials.stream().mapToDouble(t -> p.toTransformed((Number) t.config().get(p.name()))).toArray();
        double[] y = trials.stream().mapToDouble(Trial::objective).toArray();
        return spearman(x, y);
    }

    static String fmt(Configuration c) {
        StringBuilder sb = new StringBuilder();
        c.values().forEach((k, v) -> sb.append(k).append('=').append(v instanceof Double d
                ? String.format(Locale.ROOT, "%.3g", d) : v).append(' '));
        return sb.toString();
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < ra.length; i++) {
            ma += ra[i] / ra.length;
            mb += rb[i] / rb.length;
        }
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < ra.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[idx[i]] = i;
        }
        return r;
    }
}
