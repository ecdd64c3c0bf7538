package dev.treeline.tuning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.job.JobSearch;
import dev.treeline.tuning.job.ParentJob;
import dev.treeline.tuning.job.WarmStartPlan;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.TrialTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Not a test: run by {@code bench/tuning/run.sh}. (a) the service's tuning path (CSV parse, DMatrix pool,
 * TrialTrainer, SearchLoop with a per-trial listener) against a plain XGBoost4J loop over the same configurations,
 * data and threads; (b) warm (transfer learning) vs cold trials to come within 1% of a cold search's best, on a
 * dataset whose covariates shift between two windows.
 */
public final class TuningBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "true");
        }
        // generated figures only: bench/tuning/results.md holds the hand-written analysis and is never overwritten
        Path out = Path.of(a.getOrDefault("out", "bench/tuning/latest-run.md"));
        int overheadTrials = Integer.parseInt(a.getOrDefault("overhead-trials", "20"));
        int overheadRows = Integer.parseInt(a.getOrDefault("overhead-rows", "20000"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
        if (repeats < 3) {
            throw new IllegalArgumentException("--repeats must be at least 3 (each figure is a median with its spread)");
        }
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "5"));
        int budget = Integer.parseInt(a.getOrDefault("budget", "30"));
        int warmRows = Integer.parseInt(a.getOrDefault("warm-rows", "4000"));
        int transferBest = Integer.parseInt(a.getOrDefault("transfer-best", "3"));
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime()
                .availableProcessors())));
        // (a) is a timing: one XGBoost thread by default, so a busy shared machine cannot stall OpenMP barriers
        int overheadThreads = Integer.parseInt(a.getOrDefault("overhead-threads", "1"));
        Path work = Files.createTempDirectory("tuning-bench");

        StringBuilder report = new StringBuilder();
        report.append("# tuning-service benchmark\n\n")
                .append(String.format(Locale.ROOT, "Machine: %d cores seen by the JVM, XGBoost nthread %d in (a), %d in"
                                + " (b), Java %s, load average %s at the start.%n%n",
                        Runtime.getRuntime().availableProcessors(), overheadThreads, threads,
                        System.getProperty("java.version"), loadAverage()));
        String parts = a.getOrDefault("parts", "a,b");
        if (parts.contains("a")) {
            report.append(overhead(work, overheadRows, overheadTrials, repeats, overheadThreads));
        }
        if (parts.contains("b")) {
            List<Long> firstSeeds = Arrays.stream(a.getOrDefault("first-seeds", "1000,2000").split(","))
                    .map(Long::parseLong).toList();
            report.append(warmVsCold(work, warmRows, firstSeeds, seeds, budget, threads, transferBest));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    // ---- (a) orchestration overhead ----

    private static String overhead(Path work, int rows, int trials, int repeats, int threads) throws Exception {
        Path train = write(work, "ov-train.csv", regression(rows, 1, 0));
        Path val = write(work, "ov-val.csv", regression(rows / 4, 2, 0));
        SearchSpace space = SearchSpace.xgboostDefaults();
        long seed = 11;
        // the configurations: what the service's own search proposes for this seed
        List<Configuration> configs;
        try (TrialTrainer t = new TrialTrainer(CsvMatrix.read(train, 10), CsvMatrix.read(val, 10),
                "reg:squarederror", threads, 10, seed, 1)) {
            configs = JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(),
                    WarmStartPlan.cold(), trials, 1, seed, r -> { }).trials().stream()
                    .map(TrialRecord::config).toList();
        }
        // warm-up: JIT, native library, allocator; not timed
        serviceRun(train, val, configs, space, threads, seed);
        plainRun(train, val, configs, threads, seed);
        double[] service = new double[repeats];
        double[] plain = new double[repeats];
        double[] serviceCpu = new double[repeats];
        double[] plainCpu = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            // alternate the order so neither side always runs on a warmer JVM
            for (int side = 0; side < 2; side++) {
                boolean serviceSide = (side == 0) == (r % 2 == 0);
                double cpuBefore = processCpuSeconds();
                if (serviceSide) {
                    service[r] = serviceRun(train, val, configs, space, threads, seed);
                    serviceCpu[r] = processCpuSeconds() - cpuBefore;
                } else {
                    plain[r] = plainRun(train, val, configs, threads, seed);
                    plainCpu[r] = processCpuSeconds() - cpuBefore;
                }
            }
        }
        System.err.printf(Locale.ROOT, "(a) service %s s, plain %s s%n", fmt(service), fmt(plain));
        return String.format(Locale.ROOT, """
                ## (a) Orchestration overhead

                %d trials (configurations proposed by TPE, default ranges, early stopping 10), %d train / %d
                validation rows x 10 features, nthread %d, one trial at a time, median of %d alternating repeats after
                one untimed warm-up of each.
                Service path: read the CSV splits, DMatrix pool, TrialTrainer, SearchLoop with a per-trial listener.
                Plain loop: the same CSVs parsed once, one DMatrix pair, `XGBoost.train` per configuration.

                Median (min-max) over the repeats; the overhead is the median of the per-repeat overheads.

                | | wall time (s) | process CPU time (s) |
                | --- | --- | --- |
                | service path | %s | %s |
                | plain XGBoost4J loop | %s | %s |
                | overhead | %s | %s |

                Wall-time runs: service %s, plain %s. CPU-time runs: service %s, plain %s.

                """, trials, rows, rows / 4, threads, repeats, spread(service, "%.2f"), spread(serviceCpu, "%.2f"),
                spread(plain, "%.2f"), spread(plainCpu, "%.2f"), spread(overheads(service, plain), "%+.1f %%"),
                spread(overheads(serviceCpu, plainCpu), "%+.1f %%"), fmt(service), fmt(plain), fmt(serviceCpu),
                fmt(plainCpu));
    }

    private static double serviceRun(Path train, Path val, List<Configuration> configs, SearchSpace space,
                                     int threads, long seed) throws Exception {
        long start = System.nanoTime();
        try (TrialTrainer t = new TrialTrainer(CsvMatrix.read(train, 10), CsvMatrix.read(val, 10),
                "reg:squarederror", threads, 10, seed, 1)) {
            List<String> log = new ArrayList<>();
            dev.treeline.tuning.search.SearchLoop.builder(space, new TpeOptimizer(space),
                            c -> t.train(c).validationScore())
                    .maxTrials(configs.size()).initialConfigurations(configs).seed(seed)
                    .onTrial(r -> log.add(r.index() + " " + r.objective())).build().run();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double plainRun(Path train, Path val, List<Configuration> configs, int threads, long seed)
            throws Exception {
        long start = System.nanoTime();
        CsvMatrix tr = CsvMatrix.read(train, 10);
        CsvMatrix va = CsvMatrix.read(val, 10);
        DMatrix dtrain = new DMatrix(tr.features(), tr.rows(), tr.columns(), Float.NaN);
        dtrain.setLabel(tr.labels());
        DMatrix dval = new DMatrix(va.features(), va.rows(), va.columns(), Float.NaN);
        dval.setLabel(va.labels());
        for (Configuration c : configs) {
            Map<String, Object> params = new LinkedHashMap<>(c.values());
            int rounds = ((Number) params.remove("num_round")).intValue();
            params.put("objective", "reg:squarederror");
            params.put("eval_metric", "rmse");
            params.put("nthread", threads);
            params.put("seed", seed);
            params.put("verbose_eval", "false");
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("validation", dval);
            Booster b = XGBoost.train(dtrain, params, rounds, watches, new float[1][rounds], null, null, 10);
            b.dispose();
        }
        dtrain.dispose();
        dval.dispose();
        return (System.nanoTime() - start) / 1e9;
    }

    // ---- (b) warm vs cold under covariate shift ----

    private static String warmVsCold(Path work, int rows, List<Long> firstSeeds, int seeds, int budget, int threads,
                                     int transferBest) throws Exception {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, """
                ## (b) Warm vs cold under covariate shift

                Window 1 and window 2: y = f(x) + noise with the same f, but window 2's covariates are shifted and
                rescaled (x -> 1.5 x + 0.5 for half the features). %d train / %d validation rows x 10 features.
                Per seed: a %d-trial cold TPE parent job on window 1; on window 2 a %d-trial cold search and a
                %d-trial transfer-learning warm start from the parent with the service's defaults (its %d best
                configurations re-evaluated first, then `TransferGpOptimizer`). Default XGBoost ranges, early
                stopping 10, nthread %d. "Warm trials" = trials until the warm job's best validation RMSE is within 1%%
                of the cold search's best. "Parent's best re-evaluated" = the best of the re-evaluated parent
                configurations on window 2 (the warm job's first trials).

                """, rows, rows / 4, budget, budget, budget, transferBest, threads));
        for (long first : firstSeeds) {
            out.append(warmVsColdSeeds(work, rows, first, seeds, budget, threads, transferBest));
        }
        return out.toString();
    }

    private static String warmVsColdSeeds(Path work, int rows, long firstSeed, int seeds, int budget, int threads,
                                          int transferBest) throws Exception {
        SearchSpace space = SearchSpace.xgboostDefaults();
        int[] warmTrials = new int[seeds];
        StringBuilder perSeed = new StringBuilder();
        for (int s = 0; s < seeds; s++) {
            long seed = firstSeed + s;
            // window 1 and window 2: same relation, covariates drawn from shifted, rescaled distributions
            CsvMatrix w1Train = CsvMatrix.read(write(work, "w1t.csv", regression(rows, seed, 0)), 10);
            CsvMatrix w1Val = CsvMatrix.read(write(work, "w1v.csv", regression(rows / 4, seed + 1, 0)), 10);
            CsvMatrix w2Train = CsvMatrix.read(write(work, "w2t.csv", regression(rows, seed + 2, 1)), 10);
            CsvMatrix w2Val = CsvMatrix.read(write(work, "w2v.csv", regression(rows / 4, seed + 3, 1)), 10);

            List<Trial> parentTrials = new ArrayList<>();
            try (TrialTrainer t = new TrialTrainer(w1Train, w1Val, "reg:squarederror", threads, 10, seed, 1)) {
                JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(), WarmStartPlan.cold(),
                        budget, 1, seed, r -> r.toTrial().ifPresent(tr -> parentTrials.add(Trial.parent(tr.config(),
                                tr.objective()))));
            }
            double parentBest = parentTrials.stream().mapToDouble(Trial::objective).min().orElseThrow();
            double coldBest;
            double[] warmCurve;
            try (TrialTrainer t = new TrialTrainer(w2Train, w2Val, "reg:squarederror", threads, 10, seed, 1)) {
                SearchResult cold = JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(),
                        WarmStartPlan.cold(), budget, 1, seed + 7, r -> { });
                coldBest = cold.best().orElseThrow().objective();
                WarmStartPlan plan = WarmStartPlan.of("window-2", List.of(new ParentJob("parent", "window-1",
                        parentTrials)), space, OutOfRangePolicy.CLIP, transferBest);
                if (plan.type() != WarmStartType.TRANSFER_LEARNING) {
                    throw new IllegalStateException("expected transfer learning, got " + plan.type());
                }
                SearchResult warm = JobSearch.run(space, new TpeOptimizer(space), c -> t.train(c).validationScore(),
                        plan, budget, 1, seed + 7, r -> { });
                warmCurve = bestSoFar(warm);
            }
            int needed = budget + 1;
            for (int i = 0; i < warmCurve.length; i++) {
                if (warmCurve[i] <= 1.01 * coldBest) {
                    needed = i + 1;
                    break;
                }
            }
            warmTrials[s] = needed;
            double reEvaluated = warmCurve[Math.max(0, Math.min(transferBest, budget) - 1)];
            System.err.printf(Locale.ROOT, "(b) seed %d: cold best %.5f, warm trials to within 1%%: %d%n", seed,
                    coldBest, needed);
            perSeed.append(String.format(Locale.ROOT, "| %d | %.5f | %.5f | %.5f | %.5f | %s |%n", seed, parentBest,
                    reEvaluated, coldBest, warmCurve[warmCurve.length - 1],
                    needed > budget ? "> " + budget : String.valueOf(needed)));
        }
        int[] sorted = warmTrials.clone();
        Arrays.sort(sorted);
        int median = sorted[seeds / 2];
        return String.format(Locale.ROOT, """
                ### Seeds %d-%d

                | seed | parent best RMSE (window 1) | parent's best re-evaluated (window 2) | cold best RMSE (%d trials) | warm best RMSE (%d trials) | warm trials to within 1%% |
                | --- | --- | --- | --- | --- | --- |
                %s
                **Median warm trials to within 1%% of the %d-trial cold best, seeds %d-%d: %s** (target <= 10).

                """, firstSeed, firstSeed + seeds - 1, budget, budget, perSeed.toString().strip(), budget, firstSeed,
                firstSeed + seeds - 1, median > budget ? "> " + budget : String.valueOf(median));
    }

    private static double[] bestSoFar(SearchResult r) {
        double[] curve = new double[r.trials().size()];
        double best = Double.POSITIVE_INFINITY;
        for (TrialRecord t : r.trials()) {
            if (t.succeeded()) {
                best = Math.min(best, t.objective().getAsDouble());
            }
            curve[t.index()] = best;
        }
        return curve;
    }

    // ---- data ----

    /**
     * 10 features; y = 3 sin(x0) + x1 x2 + 2 [x3 > 0.5] + 0.5 x4^2 + noise (x5..x9 are distractors). With
     * {@code shift} = 1, x0..x4 are drawn from 1.5 U(0,1) + 0.5 instead of U(0,1): the covariates move, the relation
     * does not.
     */
    static String regression(int rows, long seed, int shift) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(rows * 120);
        double[] x = new double[10];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 10; j++) {
                x[j] = r.nextDouble();
                if (shift == 1 && j < 5) {
                    x[j] = 1.5 * x[j] + 0.5;
                }
            }
            double y = 3 * Math.sin(x[0] * 3) + x[1] * x[2] + (x[3] > 0.5 ? 2 : 0) + 0.5 * x[4] * x[4]
                    + 0.2 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.6f", y));
            for (double v : x) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** CPU time of the whole JVM (all threads, XGBoost's native ones included): robust on a shared machine. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    /** Per repeat: 100 (service - plain) / plain. */
    private static double[] overheads(double[] service, double[] plain) {
        double[] o = new double[service.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = 100 * (service[i] - plain[i]) / plain[i];
        }
        return o;
    }

    /** "median (min-max)" of the repeats. */
    private static String spread(double[] v, String pattern) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, pattern + " (" + pattern + " to " + pattern + ")", median(v), s[0],
                s[s.length - 1]);
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", d));
        }
        return sb.toString();
    }
}
