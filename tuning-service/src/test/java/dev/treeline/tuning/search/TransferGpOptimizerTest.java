package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TransferGpOptimizerTest {

    private static final SearchSpace BOWL = Benchmarks.BOWL_SPACE;

    /** alpha (linear 0-1000) dominates, as in XGBoost tuning; eta (log) matters a little. */
    private static final SearchSpace ALPHA_SPACE = SearchSpace.of(
            ContinuousParameter.linear("alpha", 0, 1000),
            ContinuousParameter.log("eta", 0.01, 1.0),
            IntegerParameter.linear("max_depth", 1, 10));

    private static Configuration config(double alpha, double eta, int depth) {
        return Configuration.of(Map.of("alpha", alpha, "eta", eta, "max_depth", depth));
    }

    private static double lossIncreasingWithAlpha(Configuration c) {
        return 0.3 + c.getDouble("alpha") / 1000 + 0.02 * Math.abs(Math.log10(c.getDouble("eta") / 0.1));
    }

    /** Parent trials with alpha in [300, 1000] only, loss increasing with alpha. */
    private static List<Trial> parentAboveAlpha300(long seed) {
        Random rng = new Random(seed);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Configuration c = config(300 + 700 * rng.nextDouble(), Math.pow(10, -2 + 2 * rng.nextDouble()),
                    1 + rng.nextInt(10));
            trials.add(Trial.parent(c, lossIncreasingWithAlpha(c)));
        }
        return trials;
    }

    private static List<Trial> coldHistory(int n, long seed) {
        Random rng = new Random(seed);
        List<Trial> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Configuration c = new RandomSearch(BOWL).suggest(List.of(), rng);
            history.add(Trial.current(c, Benchmarks.bowl(c)));
        }
        return history;
    }

    @Test
    void withoutParentTrialsItSamplesExactlyLikeRandomSearchUntilTheStartupCount() {
        List<Trial> nine = coldHistory(9, 1);
        assertThat(new TransferGpOptimizer(BOWL).suggest(nine, new Random(3)))
                .isEqualTo(new RandomSearch(BOWL).suggest(nine, new Random(3)));
        assertThat(new TransferGpOptimizer(BOWL).suggest(coldHistory(10, 1), new Random(3)))
                .isNotEqualTo(new RandomSearch(BOWL).suggest(nine, new Random(3)));
    }

    @Test
    void suggestionsAreLegalConfigurationsAndTheSameSeedGivesTheSameOnes() {
        List<Trial> history = coldHistory(14, 2);
        for (long seed = 0; seed < 5; seed++) {
            Configuration a = new TransferGpOptimizer(BOWL).suggest(history, new Random(seed));
            Configuration b = new TransferGpOptimizer(BOWL).suggest(history, new Random(seed));
            assertThat(a).isEqualTo(b);
            assertThat(a.contains(BOWL)).isTrue();
            assertThat(a.get("max_depth")).isInstanceOf(Integer.class);
            assertThat(a.get("objective")).isEqualTo("binary:logistic");
        }
    }

    @Test
    void aColdSearchBeatsRandomSearchAtEqualBudget() {
        int seeds = 10;
        double[] gp = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            gp[s] = Benchmarks.bestOf(Benchmarks.run(new TransferGpOptimizer(BOWL), 40 + s, 30, List.of()));
            random[s] = Benchmarks.bestOf(Benchmarks.run(new RandomSearch(BOWL), 40 + s, 30, List.of()));
        }
        assertThat(Benchmarks.median(gp)).isLessThan(0.25 * Benchmarks.median(random));
    }

    @Test
    void aParentsTrendIsFollowedPastItsBestConfiguration() {
        // the job re-evaluated the parent's three best (alpha about 300) on new data with a higher loss level
        List<Trial> parent = parentAboveAlpha300(7);
        List<Trial> history = new ArrayList<>(parent);
        parent.stream().sorted(java.util.Comparator.comparingDouble(Trial::objective)).limit(3)
                .forEach(p -> history.add(Trial.current(p.config(), 1.3 * lossIncreasingWithAlpha(p.config()))));
        double minParentAlpha = parent.stream().mapToDouble(t -> t.config().getDouble("alpha")).min().orElseThrow();
        int below = 0;
        for (long seed = 0; seed < 10; seed++) {
            if (new TransferGpOptimizer(ALPHA_SPACE).suggest(history, new Random(seed)).getDouble("alpha")
                    < minParentAlpha - 50) {
                below++;
            }
        }
        // a Parzen estimator would propose near the configurations seen (alpha >= 300)
        assertThat(below).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aParentContradictedByTheJobsOwnTrialsLosesItsSay() {
        // the parent says low alpha is good; on the new data high alpha is
        List<Trial> history = new ArrayList<>();
        Random rng = new Random(11);
        for (int i = 0; i < 30; i++) {
            Configuration c = config(1000 * rng.nextDouble(), 0.1, 5);
            history.add(Trial.parent(c, lossIncreasingWithAlpha(c)));
        }
        for (double alpha : new double[] {50, 200, 400, 600, 800}) {
            Configuration c = config(alpha, 0.1, 5);
            history.add(Trial.current(c, 2.0 - alpha / 1000));
        }
        int high = 0;
        for (long seed = 0; seed < 10; seed++) {
            if (new TransferGpOptimizer(ALPHA_SPACE).suggest(history, new Random(seed)).getDouble("alpha") > 600) {
                high++;
            }
        }
        assertThat(high).isGreaterThanOrEqualTo(8);
    }

    @Test
    void suggestionsForOneHistoryInAParallelBatchSpreadOut() {
        List<Trial> history = List.copyOf(coldHistory(15, 3));
        TransferGpOptimizer optimizer = new TransferGpOptimizer(BOWL);
        Random rng = new Random(5);
        List<Configuration> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(optimizer.suggest(history, rng));
        }
        assertThat(batch).doesNotHaveDuplicates();
        for (int i = 0; i < batch.size(); i++) {
            for (int j = i + 1; j < batch.size(); j++) {
                assertThat(unitDistance(batch.get(i), batch.get(j))).isGreaterThan(0.02);
            }
        }
        // a new history starts a new batch: the first suggestion is what a fresh optimiser would make
        List<Trial> next = new ArrayList<>(history);
        next.add(Trial.current(batch.get(0), Benchmarks.bowl(batch.get(0))));
        assertThat(optimizer.suggest(next, new Random(9)))
                .isEqualTo(new TransferGpOptimizer(BOWL).suggest(next, new Random(9)));
    }

    private static double unitDistance(Configuration a, Configuration b) {
        double sum = 0;
        for (NumericParameter p : BOWL.numericParameters()) {
            double width = p.transformedUpper() - p.transformedLower();
            double d = (p.toTransformed((Number) a.get(p.name())) - p.toTransformed((Number) b.get(p.name()))) / width;
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @Test
    void fiveLargeParentsAndALongJobStillGetAModelledSuggestion() {
        // 5 parents x 100 trials are modelled through a spread of 150 of them; 120 own trials
        List<Trial> history = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            history.addAll(parentAboveAlpha300(100 + p).subList(0, 30));
            Random rng = new Random(p);
            for (int i = 0; i < 70; i++) {
                Configuration c = config(1000 * rng.nextDouble(), 0.1, 5);
                history.add(Trial.parent(c, lossIncreasingWithAlpha(c)));
            }
        }
        Random rng = new Random(8);
        for (int i = 0; i < 120; i++) {
            Configuration c = config(1000 * rng.nextDouble(), Math.pow(10, -2 + 2 * rng.nextDouble()), 1 + rng.nextInt(10));
            history.add(Trial.current(c, 1.2 * lossIncreasingWithAlpha(c)));
        }
        Configuration next = new TransferGpOptimizer(ALPHA_SPACE).suggest(history, new Random(1));
        assertThat(next.contains(ALPHA_SPACE)).isTrue();
        assertThat(next.getDouble("alpha")).isLessThan(100);
    }

    @Test
    void invalidSettingsAreRejected() {
        TransferGpOptimizer.Settings d = TransferGpOptimizer.Settings.defaults();
        assertThatThrownBy(() -> new TransferGpOptimizer.Settings(0, 10, 10, 0.1, 0.5, 0.3, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferGpOptimizer.Settings(d.nStartup(), 10, 10, 0, 0.5, 0.3, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferGpOptimizer.Settings(d.nStartup(), 10, 10, 0.1, -1, 0.3, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
