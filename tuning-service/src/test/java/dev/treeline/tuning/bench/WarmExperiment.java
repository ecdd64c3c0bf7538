package dev.treeline.tuning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import dev.treeline.tuning.job.JobSearch;
import dev.treeline.tuning.job.ParentJob;
import dev.treeline.tuning.job.WarmStartPlan;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchLoop;
import dev.treeline.tuning.search.TrialOrigin;
import dev.treeline.tuning.search.WarmStart;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.TransferTpeOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.TrialTrainer;

/**
 * Development tool for benchmark (b): same data, parent and cold search as {@link TuningBenchmark}, several transfer
 * settings per run. Args: firstSeed count then settings "k,gamma,nCand,m,localFrac,localScale,explore[,priorPairs]"
 * or "previous" (the strategy before TransferTpeOptimizer).
 */
public final class WarmExperiment {

    /**
     * The transfer strategy before TransferTpeOptimizer, for comparison: the parent's 3 best re-evaluated, then plain
     * TPE with the parent trials rescaled by the median new/parent ratio of the re-evaluated configurations.
     */
    static SearchResult previousStrategy(SearchSpace space, TrialTrainer t, List<Trial> parent, int budget, long seed) {
        List<Configuration> best = WarmStart.bestConfigurations(parent, 3);
        List<TrialRecord> records = new ArrayList<>(SearchLoop.builder(space, new TpeOptimizer(space),
                c -> t.train(c).validationScore()).maxTrials(3).seed(seed).initialConfigurations(best).build().run()
                .trials());
        Map<Configuration, Double> parentObjective = new HashMap<>();
        parent.forEach(p -> parentObjective.merge(p.config(), p.objective(), Math::min));
        double[] ratios = records.stream().filter(TrialRecord::succeeded)
                .mapToDouble(r -> r.objective().getAsDouble() / parentObjective.get(r.config())).sorted().toArray();
        double scale = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
        List<Trial> prior = new ArrayList<>(parent.stream().map(p -> new Trial(p.config(), p.objective() * scale,
                TrialOrigin.PARENT)).toList());
        records.forEach(r -> r.toTrial().ifPresent(prior::add));
        records.addAll(SearchLoop.builder(space, new TpeOptimizer(space), c -> t.train(c).validationScore())
                .maxTrials(budget - 3).seed(seed + 1).firstIndex(3).priorHistory(prior).build().run().trials());
        return new SearchResult(records.stream().map(TrialRecord::toTrial).flatMap(java.util.Optional::stream)
                .min(java.util.Comparator.comparingDouble(Trial::objective)), records);
    }

    public static void main(String[] args) throws Exception {
        long first = Long.parseLong(args[0]);
        int seeds = Integer.parseInt(args[1]);
        int budget = 30;
        int rows = 4000;
        SearchSpace space = SearchSpace.xgboostDefaults();
        Path work = Files.createTempDirectory("tuning-exp");
        int nSettings = args.length - 2;
        int[][] needed = new int[nSettings][seeds];
        for (int s = 0; s < seeds; s++) {
            long seed = first + s;
            CsvMatrix w1Train = CsvMatrix.read(Files.writeString(work.resolve("a"), TuningBenchmark.regression(rows, seed, 0)), 10);
            CsvMatrix w1Val = CsvMatrix.read(Files.writeString(work.resolve("b"), TuningBenchmark.regression(rows / 4, seed + 1, 0)), 10);
            CsvMatrix w2Train = CsvMatrix.read(Files.writeString(work.resolve("c"), TuningBenchmark.regression(rows, seed + 2, 1)), 10);
            CsvMatrix w2Val = CsvMatrix.read(Files.writeString(work.resolve("d"), TuningBenchmark.regression(rows / 4, seed + 3, 1)), 10);
            List<Trial> parent = new ArrayList<>();
            try (TrialTrainer t = new TrialTrainer(w1Train, w1Val, "reg:squarederror", 2, 10, seed, 1)) {
                JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(), WarmStartPlan.cold(),
                        budget, 1, seed, r -> r.toTrial().ifPresent(tr -> parent.add(Trial.parent(tr.config(), tr.objective()))));
            }
            try (TrialTrainer t = new TrialTrainer(w2Train, w2Val, "reg:squarederror", 2, 10, seed, 1)) {
                double coldBest = JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(),
                        WarmStartPlan.cold(), budget, 1, seed + 7, r -> { }).best().orElseThrow().objective();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d cold %.4f:", seed, coldBest));
                for (int k = 0; k < nSettings; k++) {
                    SearchResult warm;
                    if (args[k + 2].equals("previous")) {
                        warm = previousStrategy(space, t, parent, budget, seed + 7);
                    } else {
                        double[] v = Arrays.stream(args[k + 2].split(",")).mapToDouble(Double::parseDouble).toArray();
                        TransferTpeOptimizer.Settings settings = new TransferTpeOptimizer.Settings(v[1], (int) v[2],
                                v[3], v.length > 7 ? v[7] : 3, v[4], v[5], v[6], TpeOptimizer.DEFAULT_N_STARTUP);
                        WarmStartPlan plan = WarmStartPlan.of("w2", List.of(new ParentJob("p", "w1", parent)), space,
                                OutOfRangePolicy.CLIP, (int) v[0]);
                        warm = JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(),
                                plan, budget, 1, seed + 7, settings, r -> { });
                    }
                    double best = Double.MAX_VALUE;
                    int n = budget + 1;
                    for (TrialRecord r : warm.trials()) {
                        if (r.succeeded()) {
                            best = Math.min(best, r.objective().getAsDouble());
                        }
                        if (best <= 1.01 * coldBest && n > budget) {
                            n = r.index() + 1;
                        }
                    }
                    needed[k][s] = n;
                    line.append(String.format(Locale.ROOT, "  [%d] %2d %.4f", k, n, best));
                }
                System.out.println(line);
            }
        }
        for (int k = 0; k < nSettings; k++) {
            int[] sorted = needed[k].clone();
            Arrays.sort(sorted);
            long within10 = Arrays.stream(sorted).filter(n -> n <= 10).count();
            System.out.printf(Locale.ROOT, "[%d] %s: median %d, <=10 in %d/%d, all %s%n", k, args[k + 2],
                    sorted[seeds / 2], within10, seeds, Arrays.toString(needed[k]));
        }
    }
}
