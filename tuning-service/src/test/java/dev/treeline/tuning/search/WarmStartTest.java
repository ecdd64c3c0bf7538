package dev.treeline.tuning.search;

import static dev.treeline.tuning.search.SearchSpaceTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    /** The parent searched eta in 0.1-0.5 and max_depth in 0-10; the current job shrank both ranges. */
    private static final SearchSpace SHRUNK = SearchSpace.of(
            ContinuousParameter.log("eta", 0.1, 0.3),
            IntegerParameter.linear("max_depth", 0, 6),
            new StaticParameter("objective", "binary:logistic"));

    private static final List<Trial> PARENTS = List.of(
            Trial.current(config("eta", 0.2, "max_depth", 3, "objective", "reg:squarederror"), 0.5),
            Trial.current(config("eta", 0.45, "max_depth", 3), 0.4),
            Trial.current(config("eta", 0.2, "max_depth", 8), 0.3),
            Trial.current(config("eta", 0.2), 0.2),
            Trial.current(config("eta", 0.25, "max_depth", 4.0, "num_round", 100), 0.1));

    @Test
    void clipMovesOutOfRangeValuesToTheNearestBoundAndDropsTrialsMissingAParameter() {
        List<Trial> prepared = WarmStart.prepareParentTrials(PARENTS, SHRUNK, OutOfRangePolicy.CLIP);
        assertThat(prepared).containsExactly(
                Trial.parent(config("eta", 0.2, "max_depth", 3, "objective", "binary:logistic"), 0.5),
                Trial.parent(config("eta", 0.3, "max_depth", 3, "objective", "binary:logistic"), 0.4),
                Trial.parent(config("eta", 0.2, "max_depth", 6, "objective", "binary:logistic"), 0.3),
                Trial.parent(config("eta", 0.25, "max_depth", 4, "objective", "binary:logistic"), 0.1));
        assertThat(prepared).allSatisfy(t -> assertThat(t.config().contains(SHRUNK)).isTrue());
    }

    @Test
    void dropKeepsOnlyTrialsThatWereInsideTheNewRanges() {
        List<Trial> prepared = WarmStart.prepareParentTrials(PARENTS, SHRUNK, OutOfRangePolicy.DROP);
        assertThat(prepared).extracting(Trial::objective).containsExactly(0.5, 0.1);
        assertThat(prepared).extracting(Trial::origin).containsOnly(TrialOrigin.PARENT);
        assertThat(prepared.get(1).config().get("max_depth")).isEqualTo(4);
    }

    @Test
    void bestConfigurationsAreDistinctAndOrderedBestFirst() {
        Configuration a = config("eta", 0.2);
        Configuration b = config("eta", 0.3);
        Configuration c = config("eta", 0.4);
        Configuration d = config("eta", 0.5);
        List<Trial> parents = List.of(Trial.parent(a, 0.9), Trial.parent(b, 0.1), Trial.parent(c, 0.5),
                Trial.parent(b, 0.2), Trial.parent(d, 0.5));
        assertThat(WarmStart.bestConfigurations(parents, 3)).containsExactly(b, c, d);
        assertThat(WarmStart.bestConfigurations(parents, 10)).containsExactly(b, c, d, a);
        assertThat(WarmStart.bestConfigurations(parents, 0)).isEmpty();
        assertThatThrownBy(() -> WarmStart.bestConfigurations(parents, -1)).hasMessage("k must be >= 0, got -1");
    }

    /*
     * Measured on seeds 0..19: median trials to reach 0.05 on the bowl, cold TPE 34, warm TPE (30 best trials of a
     * 60-trial parent run) 16.
     */
    @Test
    void warmStartedTpeReachesTheTargetInFewerTrialsThanColdTpe() {
        int seeds = 20;
        int budget = 40;
        double target = 0.05;
        double[] cold = new double[seeds];
        double[] warm = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            List<Trial> parents = WarmStart.prepareParentTrials(
                    bestParentTrials(1000 + s, 60, 30), Benchmarks.BOWL_SPACE, OutOfRangePolicy.CLIP);
            assertThat(parents).hasSize(30);
            cold[s] = Benchmarks.trialsToReach(
                    Benchmarks.run(new TpeOptimizer(Benchmarks.BOWL_SPACE), s, budget, List.of()), target);
            warm[s] = Benchmarks.trialsToReach(
                    Benchmarks.run(new TpeOptimizer(Benchmarks.BOWL_SPACE), s, budget, parents), target);
        }
        assertThat(Benchmarks.median(warm)).isLessThan(0.75 * Benchmarks.median(cold));
    }

    private static List<Trial> bestParentTrials(long seed, int budget, int keep) {
        SearchResult parentRun = SearchLoop.builder(
                        Benchmarks.BOWL_SPACE, new TpeOptimizer(Benchmarks.BOWL_SPACE), Benchmarks::bowl)
                .maxTrials(budget).seed(seed).build().run();
        List<Trial> trials = new ArrayList<>();
        parentRun.trials().forEach(r -> r.toTrial().ifPresent(trials::add));
        trials.sort(Comparator.comparingDouble(Trial::objective));
        return trials.subList(0, keep);
    }
}
