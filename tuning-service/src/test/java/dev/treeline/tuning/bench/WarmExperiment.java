package dev.treeline.tuning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.treeline.tuning.job.JobSearch;
import dev.treeline.tuning.job.ParentJob;
import dev.treeline.tuning.job.WarmStartPlan;
import dev.treeline.tuning.search.Benchmarks;
import dev.treeline.tuning.search.ObjectiveFunction;
import dev.treeline.tuning.search.Optimizer;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchLoop;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.TransferGpOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.TrialTrainer;

/**
 * Development tool for benchmark (b) and the transfer optimiser's settings. Args:
 * <ul>
 *   <li>{@code bench firstSeed count variant...}: TuningBenchmark's data, parent and cold search per seed; per variant the
 *       warm trials to within 1 % of the cold best, the best after 10 and 30 trials;</li>
 *   <li>{@code synth variant...}: TransferLearningSearchTest's bowls (a small shift, a misleading parent), 12 seeds.</li>
 * </ul>
 * A variant is {@code gp} (the service's default), {@code cold-gp} (bench only: a cold search with the GP optimiser),
 * {@code gp-vs-cold-gp} (bench only: the warm start measured against a 30-trial cold GP search instead of cold TPE)
 * or {@code x,randomCandidates,localCandidates,localSd,priorSd,residualNoise} (TransferGpOptimizer settings).
 */
public final class WarmExperiment {

    static Function<SearchSpace, Optimizer> variant(String v) {
        if (v.equals("gp")) {
            return TransferGpOptimizer::new;
        }
        String[] p = v.split(",");
        TransferGpOptimizer.Settings d = TransferGpOptimizer.Settings.defaults();
        TransferGpOptimizer.Settings s = new TransferGpOptimizer.Settings(d.nStartup(),
                Integer.parseInt(p[1]), Integer.parseInt(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4]),
                Double.parseDouble(p[5]), d.fitIterations());
        return sp -> new TransferGpOptimizer(sp, s);
    }

    static List<TrialRecord> warm(SearchSpace space, Optimizer phaseTwo, ObjectiveFunction f, List<Trial> parent,
                                  int budget, long seed) {
        WarmStartPlan plan = WarmStartPlan.of("w2", List.of(new ParentJob("p", "w1", parent)), space,
                OutOfRangePolicy.CLIP, 3);
        List<TrialRecord> records = new ArrayList<>(SearchLoop.builder(space, new TpeOptimizer(space), f)
                .maxTrials(3).seed(seed).initialConfigurations(plan.bestConfigurations().subList(0, 3)).build().run()
                .trials());
        List<Trial> prior = new ArrayList<>(plan.parentTrials());
        records.forEach(r -> r.toTrial().ifPresent(prior::add));
        records.addAll(SearchLoop.builder(space, phaseTwo, f).maxTrials(budget - 3).seed(seed + 1).firstIndex(3)
                .priorHistory(prior).build().run().trials());
        return records;
    }

    static int trialsTo(List<TrialRecord> rs, double target, int budget) {
        double best = Double.MAX_VALUE;
        for (TrialRecord r : rs) {
            if (r.succeeded()) {
                best = Math.min(best, r.objective().getAsDouble());
            }
            if (best <= target) {
                return r.index() + 1;
            }
        }
        return budget + 1;
    }

    static double best(List<TrialRecord> rs) {
        return rs.stream().filter(TrialRecord::succeeded).mapToDouble(r -> r.objective().getAsDouble()).min().orElse(Double.NaN);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // the synthetic bowls of TransferLearningSearchTest
    static final SearchSpace SPACE = Benchmarks.TRANSFER_SPACE;

    static ObjectiveFunction bowl(double eta, int depth, double subsample, double lambda, double alpha, double level,
                                  double scale) {
        return Benchmarks.transferBowl(eta, depth, subsample, lambda, alpha, level, scale);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        List<String> variants = Arrays.asList(args).subList(mode.equals("bench") ? 3 : 1, args.length);
        int budget = 30;
        if (mode.equals("synth")) {
            ObjectiveFunction parentData = bowl(0.03, 6, 0.8, 20, 10, 0, 1);
            ObjectiveFunction newData = bowl(0.05, 7, 0.75, 30, 25, 0.3, 1.5);
            ObjectiveFunction far = bowl(0.5, 1, 0.55, 90, 800, 0.3, 1.5);
            int seeds = 12;
            for (String v : variants) {
                double[] coldBestNear = new double[seeds];
                List<List<TrialRecord>> warmNear = new ArrayList<>();
                List<List<TrialRecord>> coldNear = new ArrayList<>();
                double[] coldFar = new double[seeds];
                double[] warmFar = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    List<Trial> p1 = new ArrayList<>();
                    JobSearch.run(SPACE, new TpeOptimizer(SPACE), parentData, WarmStartPlan.cold(), budget, 1, 100 + s,
                            r -> r.toTrial().ifPresent(t -> p1.add(Trial.parent(t.config(), t.objective()))));
                    List<TrialRecord> c = JobSearch.run(SPACE, new TpeOptimizer(SPACE), newData, WarmStartPlan.cold(),
                            budget, 1, 500 + s, r -> { }).trials();
                    coldNear.add(c);
                    coldBestNear[s] = best(c);
                    warmNear.add(warm(SPACE, variant(v).apply(SPACE), newData, p1, budget, 500 + s));
                    List<Trial> p3 = new ArrayList<>();
                    JobSearch.run(SPACE, new TpeOptimizer(SPACE), parentData, WarmStartPlan.cold(), budget, 1, 300 + s,
                            r -> r.toTrial().ifPresent(t -> p3.add(Trial.parent(t.config(), t.objective()))));
                    coldFar[s] = JobSearch.run(SPACE, new TpeOptimizer(SPACE), far, WarmStartPlan.cold(), budget, 1,
                            700 + s, r -> { }).best().orElseThrow().objective();
                    warmFar[s] = best(warm(SPACE, variant(v).apply(SPACE), far, p3, budget, 700 + s));
                }
                double target = median(coldBestNear);
                double[] ct = new double[seeds];
                double[] wt = new double[seeds];
                for (int s = 0; s < seeds; s++) {
                    ct[s] = trialsTo(coldNear.get(s), target, budget);
                    wt[s] = trialsTo(warmNear.get(s), target, budget);
                }
                System.out.printf(Locale.ROOT, "%s: near: warm trials median %.1f vs cold %.1f (bound 0.5x) %s | far: warm %.3f / cold %.3f = %.2f (bound 1.5) warm %s%n",
                        v, median(wt), median(ct), Arrays.toString(wt), median(warmFar), median(coldFar),
                        median(warmFar) / median(coldFar), Arrays.toString(Arrays.stream(warmFar).map(x -> Math.round(x * 100) / 100.0).toArray()));
            }
            return;
        }
        long first = Long.parseLong(args[1]);
        int seeds = Integer.parseInt(args[2]);
        SearchSpace space = SearchSpace.xgboostDefaults();
        Path work = Files.createTempDirectory("warm-lab");
        int[][] needed = new int[variants.size()][seeds];
        for (int s = 0; s < seeds; s++) {
            long seed = first + s;
            CsvMatrix w1t = CsvMatrix.read(Files.writeString(work.resolve("a"), TuningBenchmark.regression(4000, seed, 0)), 10);
            CsvMatrix w1v = CsvMatrix.read(Files.writeString(work.resolve("b"), TuningBenchmark.regression(1000, seed + 1, 0)), 10);
            CsvMatrix w2t = CsvMatrix.read(Files.writeString(work.resolve("c"), TuningBenchmark.regression(4000, seed + 2, 1)), 10);
            CsvMatrix w2v = CsvMatrix.read(Files.writeString(work.resolve("d"), TuningBenchmark.regression(1000, seed + 3, 1)), 10);
            List<Trial> parent = new ArrayList<>();
            try (TrialTrainer t = new TrialTrainer(w1t, w1v, "reg:squarederror", 2, 10, seed, 1)) {
                JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(), WarmStartPlan.cold(),
                        budget, 1, seed, r -> r.toTrial().ifPresent(tr -> parent.add(Trial.parent(tr.config(), tr.objective()))));
            }
            try (TrialTrainer t = new TrialTrainer(w2t, w2v, "reg:squarederror", 2, 10, seed, 1)) {
                ObjectiveFunction f = c -> t.train(c).validationScore();
                double coldBest = JobSearch.run(space, new TpeOptimizer(space), f, WarmStartPlan.cold(), budget, 1,
                        seed + 7, r -> { }).best().orElseThrow().objective();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d cold %.4f:", seed, coldBest));
                for (int k = 0; k < variants.size(); k++) {
                    if (variants.get(k).equals("gp-vs-cold-gp")) {
                        // the yardstick is a 30-trial cold GP search instead of the service's cold TPE
                        double coldGpBest = best(JobSearch.run(space, new TransferGpOptimizer(space), f,
                                WarmStartPlan.cold(), budget, 1, seed + 7, r -> { }).trials());
                        List<TrialRecord> rs = warm(space, variant("gp").apply(space), f, parent, budget, seed + 7);
                        needed[k][s] = trialsTo(rs, 1.01 * coldGpBest, budget);
                        line.append(String.format(Locale.ROOT, "  [%d] %2d coldGp=%.4f b30=%.4f", k, needed[k][s],
                                coldGpBest, best(rs)));
                        continue;
                    }
                    List<TrialRecord> rs = variants.get(k).equals("cold-gp")
                            ? JobSearch.run(space, new TransferGpOptimizer(space), f, WarmStartPlan.cold(), budget, 1,
                                    seed + 7, r -> { }).trials()
                            : warm(space, variant(variants.get(k)).apply(space), f, parent, budget, seed + 7);
                    needed[k][s] = trialsTo(rs, 1.01 * coldBest, budget);
                    double b10 = best(rs.subList(0, 10));
                    line.append(String.format(Locale.ROOT, "  [%d] %2d b10=%.4f b30=%.4f", k, needed[k][s], b10, best(rs)));
                }
                System.out.println(line);
            }
        }
        for (int k = 0; k < variants.size(); k++) {
            int[] sorted = needed[k].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "[%d] %s: median %d, <=10 in %d/%d, all %s%n", k, variants.get(k),
                    sorted[seeds / 2], Arrays.stream(sorted).filter(n -> n <= 10).count(), seeds, Arrays.toString(needed[k]));
        }
    }
}
