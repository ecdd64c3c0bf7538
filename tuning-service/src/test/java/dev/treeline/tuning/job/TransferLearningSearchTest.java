package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.Benchmarks;
import dev.treeline.tuning.search.ObjectiveFunction;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;

/**
 * The TRANSFER_LEARNING strategy end to end ({@link JobSearch} with a {@link WarmStartPlan}) on synthetic objectives
 * whose optimum moved between the parent's data and the new data, against a cold TPE search at the same seeds.
 */
class TransferLearningSearchTest {

    static final SearchSpace SPACE = Benchmarks.TRANSFER_SPACE;

    static final int SEEDS = 12;
    static final int BUDGET = 30;

    static ObjectiveFunction bowl(double eta, int depth, double subsample, double lambda, double alpha, double level,
                                  double scale) {
        return Benchmarks.transferBowl(eta, depth, subsample, lambda, alpha, level, scale);
    }

    static final ObjectiveFunction PARENT_DATA = bowl(0.03, 6, 0.8, 20, 10, 0, 1);
    /** The optimum moved a little and the loss level and spread changed (covariate shift). */
    static final ObjectiveFunction NEW_DATA = bowl(0.05, 7, 0.75, 30, 25, 0.3, 1.5);
    /** The optimum moved to the other side of the space: the parent misleads. */
    static final ObjectiveFunction MOVED_FAR = bowl(0.5, 1, 0.55, 90, 800, 0.3, 1.5);

    static List<Trial> parent(long seed) throws Exception {
        List<Trial> trials = new ArrayList<>();
        JobSearch.run(SPACE, new TpeOptimizer(SPACE), PARENT_DATA, WarmStartPlan.cold(), BUDGET, 1, seed,
                r -> r.toTrial().ifPresent(t -> trials.add(Trial.parent(t.config(), t.objective()))));
        return trials;
    }

    static WarmStartPlan transfer(List<Trial> parentTrials) {
        WarmStartPlan plan = WarmStartPlan.of("new-data", List.of(new ParentJob("parent", "old-data", parentTrials)),
                SPACE, OutOfRangePolicy.CLIP, 3);
        assertThat(plan.type()).isEqualTo(WarmStartType.TRANSFER_LEARNING);
        return plan;
    }

    static double[] values(SearchResult r) {
        return r.trials().stream().mapToDouble(t -> t.objective().orElseThrow()).toArray();
    }

    @Test
    void afterASmallShiftTheWarmStartReachesTheColdSearchesQualityInFewerTrials() throws Exception {
        double[] coldBest = new double[SEEDS];
        double[][] cold = new double[SEEDS][];
        double[][] warm = new double[SEEDS][];
        for (int s = 0; s < SEEDS; s++) {
            cold[s] = values(JobSearch.run(SPACE, new TpeOptimizer(SPACE), NEW_DATA, WarmStartPlan.cold(), BUDGET, 1,
                    500 + s, r -> { }));
            warm[s] = values(JobSearch.run(SPACE, new TpeOptimizer(SPACE), NEW_DATA, transfer(parent(100 + s)), BUDGET,
                    1, 500 + s, r -> { }));
            coldBest[s] = Arrays.stream(cold[s]).min().orElseThrow();
        }
        // the quality a 30-trial cold search typically ends with
        double target = Benchmarks.median(coldBest);
        double[] coldTrials = new double[SEEDS];
        double[] warmTrials = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            coldTrials[s] = Benchmarks.trialsToReach(cold[s], target);
            warmTrials[s] = Benchmarks.trialsToReach(warm[s], target);
        }
        System.out.printf("target %.4f cold %s warm %s%n", target, Arrays.toString(coldTrials), Arrays.toString(warmTrials));
        assertThat(Benchmarks.median(warmTrials)).isLessThanOrEqualTo(0.5 * Benchmarks.median(coldTrials));
    }

    @Test
    void aMisleadingParentDoesNotTrapTheSearch() throws Exception {
        double[] coldBest = new double[SEEDS];
        double[] warmBest = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            coldBest[s] = JobSearch.run(SPACE, new TpeOptimizer(SPACE), MOVED_FAR, WarmStartPlan.cold(), BUDGET, 1,
                    700 + s, r -> { }).best().orElseThrow().objective();
            warmBest[s] = JobSearch.run(SPACE, new TpeOptimizer(SPACE), MOVED_FAR, transfer(parent(300 + s)), BUDGET,
                    1, 700 + s, r -> { }).best().orElseThrow().objective();
        }
        System.out.printf("far: cold %s warm %s%n", Arrays.toString(coldBest), Arrays.toString(warmBest));
        assertThat(Benchmarks.median(warmBest)).isLessThanOrEqualTo(1.5 * Benchmarks.median(coldBest));
    }

    @Test
    void theParentsBestAreReEvaluatedFirstAndOnlyTheSearchPhaseUsesTheTransferOptimiser() throws Exception {
        List<Trial> parentTrials = parent(42);
        WarmStartPlan plan = transfer(parentTrials);
        SearchResult r = JobSearch.run(SPACE, new TpeOptimizer(SPACE), NEW_DATA, plan, 8, 2, 9, rec -> { });
        assertThat(r.trials()).extracting(TrialRecord::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(r.trials().subList(0, 3)).extracting(TrialRecord::config)
                .containsExactlyElementsOf(plan.bestConfigurations());
        // the same seed replays the same job
        SearchResult again = JobSearch.run(SPACE, new TpeOptimizer(SPACE), NEW_DATA, plan, 8, 2, 9, rec -> { });
        assertThat(again.trials()).extracting(TrialRecord::config)
                .containsExactlyElementsOf(r.trials().stream().map(TrialRecord::config).toList());
        assertThat(r.trials()).extracting(TrialRecord::config).allSatisfy(c ->
                assertThat(((Configuration) c).contains(SPACE)).isTrue());
    }

    @Test
    void parentTrialsFromWiderRangesAreClippedOrDroppedBeforeTheTransferSearchUsesThem() throws Exception {
        // the parent searched alpha up to 2000; today's range ends at 1000
        List<Trial> parentTrials = new ArrayList<>(parent(77));
        Configuration wide = Configuration.of(java.util.Map.of("eta", 0.04, "max_depth", 6, "subsample", 0.8,
                "lambda", 25.0, "alpha", 1800.0, "objective", "reg:squarederror"));
        parentTrials.add(Trial.parent(wide, -1.0)); // the parent's best
        WarmStartPlan clip = WarmStartPlan.of("new", List.of(new ParentJob("p", "old", parentTrials)), SPACE,
                OutOfRangePolicy.CLIP, 3);
        WarmStartPlan drop = WarmStartPlan.of("new", List.of(new ParentJob("p", "old", parentTrials)), SPACE,
                OutOfRangePolicy.DROP, 3);
        assertThat(clip.parentTrials()).hasSize(parentTrials.size());
        assertThat(clip.bestConfigurations().get(0).get("alpha")).isEqualTo(1000.0);
        assertThat(drop.parentTrials()).hasSize(parentTrials.size() - 1);
        assertThat(drop.bestConfigurations()).doesNotContain(wide.clipTo(SPACE));
        for (WarmStartPlan plan : List.of(clip, drop)) {
            SearchResult r = JobSearch.run(SPACE, new TpeOptimizer(SPACE), NEW_DATA, plan, 12, 1, 3, rec -> { });
            assertThat(r.trials()).hasSize(12).allSatisfy(t -> assertThat(t.config().contains(SPACE)).isTrue());
        }
    }
}
